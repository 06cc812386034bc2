import { utilityModule } from '../utility/module.js';

export const powerPartner = utilityModule({
  name: 'power',
  title: '供电公司 · 在线报装',
  owner: '国网四川省电力公司达州供电公司（模拟）',
  description:
    '用电在线报装（须上传身份证人像面与房产证明），进度随提交后的时间推进：60秒审核通过、5分钟现场勘查、30分钟施工安装、2小时已通电；地址含“驳回”的申请60秒后未通过审核。',
  installation: { prefix: 'DS', form: 'utility', completedTitle: '已通电', requiredKinds: ['id-front', 'property'] },
});
