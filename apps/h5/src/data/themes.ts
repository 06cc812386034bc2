/**
 * 便民 · 主题服务: the look of each theme (names and app counts come from GET /api/themes; codes
 * and names are those of @dz/contracts THEMES). Icons are Vant's built-in icon font (bundled,
 * works offline); a theme code this build does not know gets the 其他服务 look.
 *
 * The contract is imported for its types only: importing its values would pull the TypeBox
 * schemas into every channel page. The mapped type below still makes the compiler reject a
 * missing code or a name that differs from the contract's.
 */
import type { THEMES, ThemeCode } from '@dz/contracts';

export interface ThemeLook {
  icon: string;
  color: string;
}

const LOOKS: { [K in ThemeCode]: ThemeLook & { name: (typeof THEMES)[K] } } = {
  health: { name: '医疗健康', icon: 'like-o', color: '#be185d' },
  'housing-fund': { name: '公积金', icon: 'gold-coin-o', color: '#a16207' },
  life: { name: '生活服务', icon: 'home-o', color: '#0b6fb8' },
  justice: { name: '司法服务', icon: 'shield-o', color: '#374151' },
  finance: { name: '金融服务', icon: 'balance-o', color: '#b45309' },
  traffic: { name: '交通出行', icon: 'logistics', color: '#0e7490' },
  family: { name: '婚育生养', icon: 'friends-o', color: '#db2777' },
  household: { name: '户政治安', icon: 'idcard', color: '#1d4ed8' },
  education: { name: '教育考试', icon: 'records-o', color: '#a21caf' },
  social: { name: '社会服务', icon: 'service-o', color: '#0f766e' },
  agriculture: { name: '农林牧渔', icon: 'flower-o', color: '#15803d' },
  'culture-tourism': { name: '文化旅游', icon: 'photo-o', color: '#047857' },
  enterprise: { name: '企业服务', icon: 'shop-o', color: '#7c3aed' },
  housing: { name: '房产建筑', icon: 'hotel-o', color: '#6d28d9' },
  environment: { name: '环境气象', icon: 'cluster-o', color: '#0369a1' },
  other: { name: '其他服务', icon: 'apps-o', color: '#4b5563' },
};

function known(code: string | null | undefined): code is ThemeCode {
  return !!code && Object.prototype.hasOwnProperty.call(LOOKS, code);
}

export function themeLook(code: string | null | undefined): ThemeLook {
  return known(code) ? LOOKS[code] : LOOKS.other;
}

/** The theme's Chinese name, for pages opened before (or without) the server's theme list. */
export function themeName(code: string): string | undefined {
  return known(code) ? LOOKS[code].name : undefined;
}

/** All theme codes in the contract's order (办事 · 主题分类 lists 事项 by these). */
export const THEME_CODES = Object.keys(LOOKS) as ThemeCode[];
