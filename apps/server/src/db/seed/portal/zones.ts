/**
 * The nine service zones (主题集成专区) of the 达州市 site, as the requirements list them
 * (需求说明书 “主题集成专区建设需求分析” and the 掌上办 专区). Names and groups follow the document;
 * icons are keys the H5 maps to its own SVGs; colours are dark enough for white text at
 * WCAG 2.1 AA (≥ 4.5 : 1, checked in catalog.test.ts).
 */
import type { ZONE_CODES } from '@dz/contracts';

export type ZoneCode = (typeof ZONE_CODES)[number];

export interface SeedZone {
  code: ZoneCode;
  name: string;
  icon: string;
  color: string;
  intro: string;
  groups: string[];
}

/** 我要查 / 我要办 / 我要咨询: the three views the requirements use for every theme zone. */
export const THEME_GROUPS = ['我要查', '我要办', '我要咨询'];
/** 公积金 groups its apps by kind of business instead (需求说明书: 业务办理类、公积金查询类、便民服务类). */
export const HOUSING_FUND_GROUPS = ['业务办理', '公积金查询', '便民服务'];
/** 掌上办: the ten high-frequency apps first, then every 掌上办 app of the site. */
export const PALM_GROUPS = ['高频事项', '全部应用'];

export const SEED_ZONES: SeedZone[] = [
  { code: 'water-power', name: '水电服务', icon: 'water', color: '#0369A1', intro: '水费账单查询、在线缴费和用水用电报装，一站办好。', groups: THEME_GROUPS },
  { code: 'gas', name: '燃气服务', icon: 'gas', color: '#C2410C', intro: '燃气账单查询、燃气缴费和报装申请，足不出户就能办。', groups: THEME_GROUPS },
  { code: 'medical', name: '医疗就诊', icon: 'medical', color: '#0F766E', intro: '预约挂号、挂号缴费、检验报告和医保信息查询，看病少跑腿。', groups: THEME_GROUPS },
  { code: 'tourism', name: '旅游服务', icon: 'tourism', color: '#15803D', intro: '达州景区查询、景点介绍和在线预约，畅游巴山渠水。', groups: THEME_GROUPS },
  { code: 'real-estate', name: '不动产服务', icon: 'house', color: '#6D28D9', intro: '房屋查询、无房证明和不动产证书核验，随时随地查办。', groups: THEME_GROUPS },
  { code: 'housing-fund', name: '公积金服务', icon: 'fund', color: '#B45309', intro: '住房公积金账户、缴存、提取和贷款业务，掌上查询办理。', groups: HOUSING_FUND_GROUPS },
  { code: 'transport', name: '公共交通', icon: 'bus', color: '#1D4ED8', intro: '实时公交、充电桩查询和道路运输证件业务，出行更便捷。', groups: THEME_GROUPS },
  { code: 'culture-edu', name: '文体教育', icon: 'education', color: '#BE185D', intro: '中考成绩、资助政策查询和文化馆预约，服务学子与市民。', groups: THEME_GROUPS },
  { code: 'palm', name: '掌上办', icon: 'palm', color: '#B91C1C', intro: '高频政务服务事项掌上办理，办事不用跑大厅。', groups: PALM_GROUPS },
];
