/**
 * Stands in for Vant's `Icon` everywhere — in our templates (`<van-icon>`) and inside Vant's own
 * components, which vite.config.ts points at this module instead of `vant/es/icon`. Same props and
 * the same `van-icon van-icon-<name>` classes (so Vant's sizing and our styles still apply), but
 * the glyph is inline SVG from src/icons/glyphs.ts sized 1em in currentColor, instead of a
 * character of a base64 icon font that a render-blocking stylesheet had to deliver first.
 * Icons are decorative here: every icon-only control carries its own aria-label.
 */
import { defineComponent, h, type PropType, type VNode } from 'vue';
import { Badge } from 'vant/es/badge';
import { FALLBACK, GLYPHS } from './glyphs';

export const iconProps = {
  dot: Boolean,
  tag: { type: String as PropType<keyof HTMLElementTagNameMap>, default: 'i' },
  name: String,
  size: [Number, String],
  badge: [Number, String],
  color: String,
  badgeProps: Object,
  classPrefix: String,
};

function svgFor(name: string): VNode {
  const g = GLYPHS[name] ?? FALLBACK;
  const children: VNode[] = [];
  if (g.f) children.push(h('path', { d: g.f, fill: 'currentColor', stroke: 'none' }));
  if (g.s) children.push(h('path', { d: g.s }));
  if (g.m) children.push(h('path', { d: g.m, stroke: '#fff' }));
  return h(
    'svg',
    {
      class: 'van-icon__svg',
      viewBox: '0 0 24 24',
      width: '1em',
      height: '1em',
      fill: 'none',
      stroke: 'currentColor',
      'stroke-width': 1.8,
      'stroke-linecap': 'round',
      'stroke-linejoin': 'round',
      'aria-hidden': 'true',
      focusable: 'false',
    },
    children,
  );
}

const addUnit = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : typeof v === 'number' || /^\d+(\.\d+)?$/.test(String(v)) ? `${v}px` : String(v));

const SvgIcon = defineComponent({
  name: 'VanIcon',
  props: iconProps,
  setup(props, { slots }) {
    return () => {
      const name = props.name ?? '';
      const prefix = props.classPrefix || 'van-icon';
      const isImage = name.includes('/');
      const content = () => [slots.default?.(), isImage ? h('img', { class: 'van-icon__image', src: name }) : name ? svgFor(name) : null];
      const attrs = { class: [prefix, isImage ? '' : `${prefix}-${name}`], style: { color: props.color, fontSize: addUnit(props.size) } };
      // Badge only when asked for, so a plain icon is one element plus its SVG.
      if (props.dot || (props.badge !== undefined && props.badge !== '')) {
        return h(Badge, { dot: props.dot, tag: props.tag, content: props.badge, ...attrs, ...props.badgeProps }, { default: content });
      }
      return h(props.tag, attrs, content());
    };
  },
});

// Vant's plugin shape: `app.use(Icon)` and `Icon.install` keep working.
export const Icon = Object.assign(SvgIcon, {
  install(app: { component: (name: string, c: unknown) => void }) {
    app.component('VanIcon', SvgIcon);
  },
});
export default Icon;
