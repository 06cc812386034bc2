import type { PartnerModule } from '../types.js';
import { identityRoutes } from './identity.routes.js';

export const identityPartner: PartnerModule = {
  name: 'identity',
  title: '公安人口库 · 实名核验',
  owner: '达州市公安局（模拟）',
  description: '核验姓名与居民身份证号是否一致。名册内的号码只与名册姓名一致；名册外的号码校验位正确且姓名为2–20个汉字时一致；姓名含“不一致”时恒不一致。',
  signed: true,
  endpoints: [{ method: 'POST', path: '/v1/identity/verify', summary: '实名核验 {name, idNumber} → {match}' }],
  routes: async (app) => identityRoutes(app),
};
