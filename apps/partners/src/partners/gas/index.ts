import { utilityModule } from '../utility/module.js';

export const gasPartner = utilityModule({
  name: 'gas',
  title: '燃气公司 · 燃气费缴纳与燃气报装',
  owner: '达州市燃气公司（模拟）',
  description:
    '按身份证号查询燃气用户编号，查询近12个月燃气费账单（单价2.52元/立方米），销账；燃气报装（工业、商业、民用、增容，附件可为空），进度随提交后的时间推进：60秒审核通过、5分钟现场勘查、30分钟施工安装、2小时已通气；地址含“驳回”的申请60秒后未通过审核。',
  accounts: { kind: 'gas', path: 'customers', label: '燃气用户编号' },
  installation: { prefix: 'RQ', form: 'gas', completedTitle: '已通气', requiredKinds: [] },
});
