import type { RouteRecordRaw } from 'vue-router';
import { User } from '@element-plus/icons-vue';

const routes: RouteRecordRaw[] = [
  {
    path: '/staff',
    name: 'Staff',
    component: () => import('@/views/staff/index.vue'),
    meta: { title: '工作人员', permission: 'staff:read', icon: User, group: 'org-auth', order: 10 },
  },
];

export default routes;
