import type { RouteRecordRaw } from 'vue-router';
import { DocumentChecked, Link, Wallet } from '@element-plus/icons-vue';

// 接口与支付: the partner systems the portal calls, and the money citizens paid through them.
const routes: RouteRecordRaw[] = [
  {
    path: '/partners',
    name: 'Partners',
    component: () => import('@/views/partners/index.vue'),
    meta: { title: '接口管理', permission: 'partner:manage', icon: Link, group: 'integration', order: 10 },
  },
  {
    path: '/payments',
    name: 'Payments',
    component: () => import('@/views/payments/index.vue'),
    meta: { title: '支付订单', permission: 'payment:manage', icon: Wallet, group: 'integration', order: 20 },
  },
  {
    path: '/reconciliations',
    name: 'Reconciliations',
    component: () => import('@/views/reconciliations/index.vue'),
    meta: { title: '对账', permission: 'payment:manage', icon: DocumentChecked, group: 'integration', order: 30 },
  },
];

export default routes;
