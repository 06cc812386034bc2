/**
 * 主题集成专区 (service zones) as the requirements list them (seed §主题集成专区建设需求分析 and
 * §应用开发及接入需求分析). A static list until the zone API (GET /api/zones) lands; then this file
 * goes and the same shapes come from the server, configured per site in the console.
 * Every app is 即将上线 here: none is wired to its partner system yet.
 */
export type ZoneCode =
  | 'water-power'
  | 'gas'
  | 'medical'
  | 'tourism'
  | 'real-estate'
  | 'housing-fund'
  | 'transport'
  | 'culture-edu'
  | 'palm';

export type AppStatus = 'live' | 'coming';

export interface ZoneApp {
  name: string;
  status: AppStatus;
}

export interface ZoneGroup {
  title: string;
  apps: ZoneApp[];
}

export interface Zone {
  code: ZoneCode;
  name: string;
  /** Accent colour of the zone tile; always shown with the zone's icon and name. */
  color: string;
  intro: string;
  groups: ZoneGroup[];
}

const coming = (...names: string[]): ZoneApp[] => names.map((name) => ({ name, status: 'coming' }));

export const ZONES: Zone[] = [
  {
    code: 'water-power',
    name: '水电服务',
    color: '#0b6fb8',
    intro: '查水费账单、缴水费、在线办理用水报装，足不出户办好水电事。',
    groups: [
      { title: '我要查', apps: coming('水费账单查询') },
      { title: '我要办', apps: coming('水费缴纳', '在线报装', '水务报装申请增缩容', '水务报装申请个人立户') },
    ],
  },
  {
    code: 'gas',
    name: '燃气服务',
    color: '#c2410c',
    intro: '输入燃气用户编号即可查账单、缴气费，新装燃气在线申请。',
    groups: [
      { title: '我要查', apps: coming('燃气账单查询') },
      { title: '我要办', apps: coming('燃气申请报装', '燃气缴费', '天然气报装申请') },
    ],
  },
  {
    code: 'medical',
    name: '医疗就诊',
    color: '#be185d',
    intro: '预约挂号、挂号缴费、检验报告和医保信息查询，看病少跑腿。',
    groups: [
      {
        title: '我要查',
        apps: coming(
          '检验报告查询',
          '异地就医结算',
          '诊疗项目目录查询',
          '药品（中草药）目录',
          '药品（自制药）目录',
          '医保个人账户余额查询',
          '医保个人参保信息查询',
          '跨省异地定点零售药店',
          '省内异地定点零售药店',
          '本统筹区定点零售药店',
          '省内异地普通门诊医疗机构',
          '药品（西药或中成药）目录查询',
        ),
      },
      { title: '我要办', apps: coming('预约挂号', '挂号缴费') },
    ],
  },
  {
    code: 'tourism',
    name: '旅游服务',
    color: '#15803d',
    intro: '巴山大峡谷、八台山、真佛山……查景区、约景点，畅游达州。',
    groups: [
      { title: '我要查', apps: coming('旅行社名录', '景区查询', '水利风景区查询', '文化产业总值查询', '市级示范农民合作社文旅类名单') },
      { title: '我要办', apps: coming('景点预约') },
      { title: '我要咨询', apps: coming('景点介绍') },
    ],
  },
  {
    code: 'real-estate',
    name: '不动产服务',
    color: '#6d28d9',
    intro: '查名下房屋、开具无房证明、核验不动产登记证书，一网通办。',
    groups: [
      { title: '我要查', apps: coming('房屋查询', '商品房备案查询', '开发企业信息查询', '房地产事务中心项目信息查询') },
      { title: '我要办', apps: coming('无房证明', '不动产登记业务证书核验') },
    ],
  },
  {
    code: 'housing-fund',
    name: '公积金服务',
    color: '#a16207',
    intro: '公积金账户、缴存和贷款信息随时查，提取、贷款在线办。',
    groups: [
      { title: '业务办理', apps: coming('公积金提取', '办理贷款', '办理异地缴存证明', '办理个人信息变更', '办理个人退休提取') },
      { title: '公积金查询', apps: coming('账户信息', '提取明细', '缴存明细', '贷款信息', '贷款明细', '业务进度', '个税填报') },
      { title: '便民服务', apps: coming('合作楼盘', '利率信息', '贷款计算器', '服务网点') },
    ],
  },
  {
    code: 'transport',
    name: '公共交通',
    color: '#0e7490',
    intro: '实时公交、充电桩查询，道路运输证年审等交通业务掌上办。',
    groups: [
      {
        title: '我要查',
        apps: coming(
          '实时公交',
          '天府畅行',
          '客运业务',
          '货运业务',
          '客运车辆',
          '普货车辆',
          '巡游出租车',
          '充电桩查询',
          '企业记分查询',
          '营运驾驶员计分查询',
          '高速公路阻断信息查询',
          '营运车辆检测记录查询',
          '交通运输行政处罚查询',
          '交通运输行政许可查询',
          '道路运输企业所属驾驶员记分查询',
          '达州市公安局出入境接待大厅信息查询',
        ),
      },
      {
        title: '我要办',
        apps: coming(
          '普货车辆运输证年审',
          '危货车辆运输证年审',
          '客运车辆运输证年审',
          '旅客运输驾驶员补证',
          '货运驾驶员资格证补发',
          '巡游出租车运输证年审',
          '教练车道路运输证年审',
        ),
      },
    ],
  },
  {
    code: 'culture-edu',
    name: '文体教育',
    color: '#a21caf',
    intro: '中考成绩、资助政策随时查，图书馆、文化馆在线预约。',
    groups: [
      { title: '我要查', apps: coming('资助政策查询', '中考成绩查询', '宣汉学校查询', '成人高考成绩查询', '成人高考录取查询') },
      { title: '我要办', apps: coming('达州市文化馆预约', '图书馆预约') },
    ],
  },
  {
    code: 'palm',
    name: '掌上办',
    color: '#1e40af',
    intro: '集中展示可在手机上全程办理的高频事项，点开即办。',
    // The seed asks for 10 高频掌上办 apps without naming them; they are configured later.
    groups: [],
  },
];

export function findZone(code: string): Zone | undefined {
  return ZONES.find((z) => z.code === code);
}
