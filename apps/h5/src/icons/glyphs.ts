/**
 * The glyphs behind every `<van-icon name="…">` — ours and the ones Vant draws inside its own
 * components (cell arrows, checkbox ticks, the nav bar's back arrow, toasts, the uploader).
 * Vant ships them as a 30 KB icon font inlined in a stylesheet that blocked the first paint of
 * every page (issue 9: ~480 ms on 首页 in Lighthouse's mobile profile). These are plain SVG path
 * data on a 24 × 24 grid, compiled into the bundle and drawn inline by src/icons/SvgIcon.ts,
 * which vite.config.ts substitutes for Vant's icon component: no font, no icon stylesheet, no
 * icon runtime. A name without a glyph here draws a neutral dot, never an empty box.
 *
 * `s` = stroked outline (the "-o" look of Vant), `f` = filled shape, `m` = white marks on the
 * filled shape; a glyph may combine them.
 */
export interface Glyph {
  s?: string;
  f?: string;
  /** Marks stroked in white over the filled shape (the tick inside a filled circle). */
  m?: string;
}

const CIRCLE = 'M3 12a9 9 0 1 0 18 0a9 9 0 1 0-18 0z';
// The filled variants (checked, clear, warning…): a disc with its marks in white.
const disc = (marks: string): Glyph => ({ f: CIRCLE, m: marks });

export const GLYPHS: Record<string, Glyph> = {
  // Arrows and marks Vant uses inside its components.
  arrow: { s: 'M9 5l7 7-7 7' },
  'arrow-left': { s: 'M15 5l-7 7 7 7' },
  'arrow-down': { s: 'M5 9l7 7 7-7' },
  'arrow-up': { s: 'M5 15l7-7 7 7' },
  success: { s: 'M4.5 12.5l5 5 10-11' },
  cross: { s: 'M6 6l12 12M18 6L6 18' },
  minus: { s: 'M5 12h14' },
  plus: { s: 'M12 5v14M5 12h14' },
  fail: { s: 'M6 6l12 12M18 6L6 18' },
  clear: disc('M9 9l6 6M15 9l-6 6'),
  close: { s: `${CIRCLE}M9 9l6 6M15 9l-6 6` },
  passed: { s: `${CIRCLE}M8 12.5l3 3 5-6` },
  checked: disc('M8 12.5l3 3 5-6'),
  circle: { s: CIRCLE },
  'info-o': { s: `${CIRCLE}M12 11v6M12 7.5v.5` },
  info: disc('M12 11v6M12 7.5v.5'),
  'warning-o': { s: `${CIRCLE}M12 7v6.5M12 16.5v.5` },
  warning: disc('M12 7v6.5M12 16.5v.5'),
  'question-o': { s: `${CIRCLE}M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .9-1 1.7v.5M12 17v.5` },
  description: { s: 'M6 3h8.5L19 7.5V21H6zM14 3v5h5M9 12h7M9 16h7' },
  photograph: { s: 'M3 8h4l1.5-2.5h7L17 8h4v11.5H3zM12 10a3.5 3.5 0 1 0 0 7a3.5 3.5 0 1 0 0-7z' },
  'photo-o': { s: 'M3.5 5h17v14h-17zM3.5 16l5-5 4 4 3-3 4.5 4.5M15.5 8.5h.01' },

  // Tab bar.
  'wap-home-o': { s: 'M3.5 11L12 4l8.5 7M5.5 9.5V20h13V9.5M10 20v-5.5h4V20' },
  'home-o': { s: 'M3.5 11L12 4l8.5 7M5.5 9.5V20h13V9.5M10 20v-5.5h4V20' },
  'todo-list-o': { s: 'M6 4.5h12V21H6zM9 3v3M15 3v3M9 11l1.5 1.5L13 10M9 16.5h6' },
  'apps-o': { s: 'M4 4h6.5v6.5H4zM13.5 4H20v6.5h-6.5zM4 13.5h6.5V20H4zM13.5 13.5H20V20h-6.5z' },
  'chat-o': { s: 'M4 5h16v11H10l-4 3.5V16H4z' },
  'comment-o': { s: 'M4 5h16v11H10l-4 3.5V16H4zM8.5 10.5h.01M12 10.5h.01M15.5 10.5h.01' },
  'user-o': { s: 'M12 4a4 4 0 1 0 0 8a4 4 0 1 0 0-8zM4.5 20.5c.8-4 3.8-6 7.5-6s6.7 2 7.5 6' },
  'contact-o': { s: 'M3.5 5h17v14h-17zM9 9a2 2 0 1 0 0 4a2 2 0 1 0 0-4zM5.8 16.5c.5-1.7 1.7-2.5 3.2-2.5s2.7.8 3.2 2.5M14.5 10h3.5M14.5 13.5h3.5' },
  'friends-o': { s: 'M9 5a3.5 3.5 0 1 0 0 7a3.5 3.5 0 1 0 0-7zM2.5 20c.7-3.5 3.3-5.5 6.5-5.5s5.8 2 6.5 5.5M16 5.5a3 3 0 0 1 0 6M18 14.5c2 .6 3.2 2.4 3.5 5.5' },

  // Title bar, search, notices.
  search: { s: 'M11 4a7 7 0 1 0 0 14a7 7 0 1 0 0-14zM16 16l4.5 4.5' },
  scan: { s: 'M4 8.5V4h4.5M15.5 4H20v4.5M20 15.5V20h-4.5M8.5 20H4v-4.5M4 12h16' },
  bell: { s: 'M6 16.5V11a6 6 0 0 1 12 0v5.5l1.5 2h-15zM10 20.5h4' },
  'volume-o': { s: 'M4 9h4l5-4v14l-5-4H4zM16.5 9a4 4 0 0 1 0 6M18.5 6.5a7.5 7.5 0 0 1 0 11' },
  'location-o': { s: 'M12 21s-6.5-6-6.5-11a6.5 6.5 0 0 1 13 0c0 5-6.5 11-6.5 11zM12 7.5a2.5 2.5 0 1 0 0 5a2.5 2.5 0 1 0 0-5z' },
  'clock-o': { s: `${CIRCLE}M12 7v5.5l3.5 2` },
  'fire-o': { s: 'M12 3c1 3.5 5.5 5.5 5.5 10.5a5.5 5.5 0 0 1-11 0c0-2.3 1-4 2.5-5.3.2 1.8 1 3 2.3 3.5-.3-3.5.2-6.3.7-8.7z' },
  'share-o': { s: 'M17.5 3.5a2.5 2.5 0 1 0 0 5a2.5 2.5 0 1 0 0-5zM6.5 9.5a2.5 2.5 0 1 0 0 5a2.5 2.5 0 1 0 0-5zM17.5 15.5a2.5 2.5 0 1 0 0 5a2.5 2.5 0 1 0 0-5zM8.7 10.8l6.6-3.6M8.7 13.2l6.6 3.6' },
  'star-o': { s: 'M12 3.5l2.6 5.5 6 .7-4.4 4.1 1.2 6-5.4-3-5.4 3 1.2-6-4.4-4.1 6-.7z' },
  'like-o': { s: 'M12 20s-8-4.8-8-10.5A4.5 4.5 0 0 1 12 7a4.5 4.5 0 0 1 8 2.5C20 15.2 12 20 12 20z' },
  'setting-o': { s: 'M12 9a3 3 0 1 0 0 6a3 3 0 1 0 0-6zM12 2.5l2 2.3 3-.5.9 2.9 2.8 1.3-1 2.8 1 2.8-2.8 1.3-.9 2.9-3-.5-2 2.3-2-2.3-3 .5-.9-2.9-2.8-1.3 1-2.8-1-2.8 2.8-1.3.9-2.9 3 .5z' },
  'shield-o': { s: 'M12 3l7.5 3v5.5c0 4.5-3.2 8-7.5 9.5-4.3-1.5-7.5-5-7.5-9.5V6zM9 12l2 2 4-4' },
  lock: { s: 'M5.5 10.5h13V21h-13zM8 10.5V7.5a4 4 0 0 1 8 0v3M12 14.5v3' },
  'eye-o': { s: 'M2.5 12S6 5.5 12 5.5 21.5 12 21.5 12 18 18.5 12 18.5 2.5 12 2.5 12zM12 9a3 3 0 1 0 0 6a3 3 0 1 0 0-6z' },
  'closed-eye': { s: 'M3 9.5c2 3 5.3 5 9 5s7-2 9-5M6 13l-2 2.5M10 14.3l-.8 3M14 14.3l.8 3M18 13l2 2.5' },
  'delete-o': { s: 'M4 6.5h16M9.5 6.5V4h5v2.5M6.5 6.5l1 14h9l1-14M10 10.5v6.5M14 10.5v6.5' },
  idcard: { s: 'M3 5.5h18v13H3zM8.5 9a2 2 0 1 0 0 4a2 2 0 1 0 0-4zM5.5 16c.5-1.5 1.6-2.3 3-2.3s2.5.8 3 2.3M14 10h4.5M14 13.5h4.5' },
  play: { f: 'M8 5l11 7-11 7z' },
  pause: { f: 'M6.5 5h4v14h-4zM13.5 5h4v14h-4z' },
  upgrade: { s: `${CIRCLE}M12 16.5v-9M8 11l4-4 4 4` },
  'browsing-history-o': { s: 'M2.5 12S6 5.5 12 5.5 21.5 12 21.5 12 18 18.5 12 18.5 2.5 12 2.5 12zM12 9v3l2 1.5' },
  'balance-list-o': { s: 'M5 3.5h14v17H5zM8.5 8h7M8.5 12h7M8.5 16h4' },
  'balance-o': { s: 'M3.5 6h17v13h-17zM3.5 10h17M15 14.5h2.5' },
  'gold-coin-o': { s: `${CIRCLE}M9 8l3 3.5L15 8M12 11.5V17M9.5 13.5h5` },
  'bar-chart-o': { s: 'M4 20h16M6.5 20v-6M11 20V9M15.5 20v-8.5M20 20V5' },
  'records-o': { s: 'M6 3.5h12v17H6zM9 8h6M9 12h6M9 16h3.5' },
  'service-o': { s: 'M4.5 14v-2a7.5 7.5 0 0 1 15 0v2M4.5 13h3v5h-3zM16.5 13h3v5h-3zM18 18c0 1.5-1.5 2.5-4 2.5h-2' },
  'shop-o': { s: 'M3.5 9l1.5-5h14l1.5 5zM3.5 9a2.8 2.8 0 0 0 5.7 0 2.8 2.8 0 0 0 5.6 0 2.8 2.8 0 0 0 5.7 0M5 11.5V20h14v-8.5M10 20v-4.5h4V20' },
  'cluster-o': { s: 'M12 3.5a2.5 2.5 0 1 0 0 5a2.5 2.5 0 1 0 0-5zM5 15.5a2.5 2.5 0 1 0 0 5a2.5 2.5 0 1 0 0-5zM19 15.5a2.5 2.5 0 1 0 0 5a2.5 2.5 0 1 0 0-5zM12 8.5v4M12 12.5l-5.5 3.5M12 12.5l5.5 3.5' },
  'hotel-o': { s: 'M4 20.5V4h10v16.5M14 9h6v11.5M2.5 20.5h19M7 7.5h1.5M9.5 7.5H11M7 11h1.5M9.5 11H11M7 14.5h1.5M9.5 14.5H11M17 12.5h.5M17 16h.5' },
  logistics: { s: 'M2.5 6h11.5v10H2.5zM14 9.5h4l3.5 3.5v3H14zM6 16a2 2 0 1 0 0 4a2 2 0 1 0 0-4zM17.5 16a2 2 0 1 0 0 4a2 2 0 1 0 0-4z' },
  'flower-o': { s: 'M12 9a3 3 0 1 0 0 6a3 3 0 1 0 0-6zM12 9c-2-4 2-6 2-6s2 3-2 6zM15 12c4-2 6 2 6 2s-3 2-6-2zM12 15c2 4-2 6-2 6s-2-3 2-6zM9 12c-4 2-6-2-6-2s3-2 6 2z' },
  'bulb-o': { s: 'M9 17.5h6M10 20.5h4M12 3a6 6 0 0 0-3.5 10.9c.6.5.5 1.3.5 2.1v1.5h6V16c0-.8-.1-1.6.5-2.1A6 6 0 0 0 12 3z' },
  toggle: { s: 'M4 8h12.5M13.5 4.5L17 8l-3.5 3.5M20 16H7.5M10.5 12.5L7 16l3.5 3.5' },
};

/** A neutral dot for a name this build has no glyph for. */
export const FALLBACK: Glyph = { f: 'M9 12a3 3 0 1 0 6 0a3 3 0 1 0-6 0z' };
