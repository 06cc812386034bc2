import { utilityModule } from '../utility/module.js';

export const waterPartner = utilityModule({
  name: 'water',
  title: '自来水公司 · 水费缴纳与在线报装',
  owner: '达州市自来水公司（模拟）',
  description:
    '按身份证号查询用水卡号，查询近12个月水费账单（单价2.95元/立方米），销账；在线报装（须上传身份证人像面与房产证明），进度随提交后的时间推进：60秒审核通过、5分钟现场勘查、30分钟施工安装、2小时已通水；地址含“驳回”的申请60秒后未通过审核。',
  accounts: { kind: 'water', path: 'accounts', label: '户号' },
  installation: { prefix: 'WS', form: 'utility', completedTitle: '已通水', requiredKinds: ['id-front', 'property'] },
});
