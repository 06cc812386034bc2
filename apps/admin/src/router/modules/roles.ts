import type { RouteRecordRaw } from 'vue-router';
import { Key } from '@element-plus/icons-vue';

const routes: RouteRecordRaw[] = [
  {
    path: '/roles',
    name: 'Roles',
    component: () => import('@/views/roles/index.vue'),
    meta: { title: '角色权限', permission: 'role:read', icon: Key, group: 'org-auth', order: 20 },
  },
];

export default routes;
