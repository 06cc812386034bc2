/**
 * 便民 · 主题服务: the 16 theme categories of the seed (DOMAIN.md). Apps are attached to themes
 * by the site operators; until the catalogue API exists every theme page is an empty frame.
 * Icons are Vant's built-in icon font (bundled, works offline).
 */
export interface Theme {
  code: string;
  name: string;
  icon: string;
  color: string;
}

export const THEMES: Theme[] = [
  { code: 'medical-health', name: '医疗健康', icon: 'like-o', color: '#be185d' },
  { code: 'housing-fund', name: '公积金', icon: 'gold-coin-o', color: '#a16207' },
  { code: 'living', name: '生活服务', icon: 'home-o', color: '#0b6fb8' },
  { code: 'judicial', name: '司法服务', icon: 'shield-o', color: '#374151' },
  { code: 'finance', name: '金融服务', icon: 'balance-o', color: '#b45309' },
  { code: 'transport', name: '交通出行', icon: 'logistics', color: '#0e7490' },
  { code: 'family', name: '婚育生养', icon: 'friends-o', color: '#db2777' },
  { code: 'household', name: '户政治安', icon: 'idcard', color: '#1d4ed8' },
  { code: 'education', name: '教育考试', icon: 'records-o', color: '#a21caf' },
  { code: 'social', name: '社会服务', icon: 'service-o', color: '#0f766e' },
  { code: 'agriculture', name: '农林牧渔', icon: 'flower-o', color: '#15803d' },
  { code: 'culture-tourism', name: '文化旅游', icon: 'photo-o', color: '#047857' },
  { code: 'enterprise', name: '企业服务', icon: 'shop-o', color: '#7c3aed' },
  { code: 'property', name: '房产建筑', icon: 'hotel-o', color: '#6d28d9' },
  { code: 'environment', name: '环境气象', icon: 'cluster-o', color: '#0369a1' },
  { code: 'other', name: '其他服务', icon: 'apps-o', color: '#4b5563' },
];

export function findTheme(code: string): Theme | undefined {
  return THEMES.find((t) => t.code === code);
}
