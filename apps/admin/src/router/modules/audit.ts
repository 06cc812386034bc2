import type { RouteRecordRaw } from 'vue-router';
import { Document } from '@element-plus/icons-vue';

const routes: RouteRecordRaw[] = [
  {
    path: '/audit',
    name: 'Audit',
    component: () => import('@/views/audit/index.vue'),
    meta: { title: '审计日志', permission: 'audit:read', icon: Document, group: 'security', order: 10 },
  },
];

export default routes;
