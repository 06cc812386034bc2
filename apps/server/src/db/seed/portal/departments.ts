/**
 * Departments (办事部门) that own the seeded items. The foundation seed already inserts the first
 * five 达州市 departments and one per county (DEMO_DEPARTMENTS in ../index.ts); they are listed here
 * again with the same (site, code) so the insert-if-missing seed reuses them. 通川区 gets no new
 * department: its items are handled by its 政务服务和大数据管理局, as the foundation seeded it.
 */
export interface SeedDepartment {
  site: string;
  code: string;
  name: string;
  /** Shown as the window name in 事项指南 (办理地点). */
  window: string;
  /** Demo number, clearly not a real switchboard (the 2380 block is made up). */
  phone: string;
}

export const SEED_DEPARTMENTS: SeedDepartment[] = [
  { site: '511700', code: 'SZFW', name: '达州市政务服务管理局', window: '综合受理', phone: '0818-2380001' },
  { site: '511700', code: 'SGA', name: '达州市公安局', window: '公安综合', phone: '0818-2380002' },
  { site: '511700', code: 'SRS', name: '达州市人力资源和社会保障局', window: '人社综合', phone: '0818-2380003' },
  { site: '511700', code: 'SGJJ', name: '达州市住房公积金管理中心', window: '公积金', phone: '0818-2380004' },
  { site: '511700', code: 'SBDC', name: '达州市不动产登记中心', window: '不动产登记', phone: '0818-2380005' },
  { site: '511700', code: 'SSCJG', name: '达州市市场监督管理局', window: '市场准入', phone: '0818-2380006' },
  { site: '511700', code: 'SMZ', name: '达州市民政局', window: '民政服务', phone: '0818-2380007' },
  { site: '511700', code: 'SWJW', name: '达州市卫生健康委员会', window: '卫生健康', phone: '0818-2380008' },
  { site: '511700', code: 'SJY', name: '达州市教育局', window: '教育服务', phone: '0818-2380009' },
  { site: '511700', code: 'SJT', name: '达州市交通运输局', window: '交通运输', phone: '0818-2380010' },
  { site: '511700', code: 'SYB', name: '达州市医疗保障局', window: '医保经办', phone: '0818-2380011' },
  { site: '511700', code: 'SSW', name: '国家税务总局达州市税务局', window: '税务综合', phone: '0818-2380012' },
  { site: '511700', code: 'SZRZY', name: '达州市自然资源和规划局', window: '规划审批', phone: '0818-2380013' },
  { site: '511700', code: 'SZJ', name: '达州市住房和城乡建设局', window: '住建审批', phone: '0818-2380014' },
  { site: '511700', code: 'SWGL', name: '达州市文化广播电视和旅游局', window: '文旅审批', phone: '0818-2380015' },
  { site: '511700', code: 'SSF', name: '达州市司法局', window: '公共法律服务', phone: '0818-2380016' },
  { site: '511700', code: 'SNY', name: '达州市农业农村局', window: '农业农村', phone: '0818-2380017' },
  { site: '511700', code: 'SSTHJ', name: '达州市生态环境局', window: '生态环境', phone: '0818-2380018' },
  { site: '511702', code: 'TCZW', name: '通川区政务服务和大数据管理局', window: '通川区综合受理', phone: '0818-2380101' },
  { site: '511722', code: 'XHZW', name: '宣汉县政务服务和大数据管理局', window: '宣汉县综合受理', phone: '0818-2380201' },
  { site: '511722', code: 'XHJY', name: '宣汉县教育局', window: '宣汉县教育服务', phone: '0818-2380202' },
];

/** Where each site's service centre is: the same demo addresses as the appointment halls (../appointments.ts). */
export const SERVICE_CENTRES: Record<string, { name: string; address: string }> = {
  '511700': { name: '达州市政务服务中心', address: '达州市通川区西外镇达州大道（演示地址）' },
  '511702': { name: '通川区政务服务中心', address: '达州市通川区朝阳东路（演示地址）' },
  '511722': { name: '宣汉县政务服务中心', address: '达州市宣汉县东乡街道（演示地址）' },
};

export const OFFICE_HOURS = '工作日 9:00-12:00，13:30-17:30';
