import type { RouteRecordRaw } from 'vue-router';
import { Money } from '@element-plus/icons-vue';

// 公积金利率: the loan and deposit rates the H5's 利率信息 and 贷款计算器 show (issue 14).
const routes: RouteRecordRaw[] = [
  {
    path: '/housing-fund-rates',
    name: 'HousingFundRates',
    component: () => import('@/views/housing-fund/index.vue'),
    meta: { title: '公积金利率', permission: 'content:write', icon: Money, group: 'content', order: 75 },
  },
];

export default routes;
