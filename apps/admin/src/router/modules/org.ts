import type { RouteRecordRaw } from 'vue-router';
import { Share } from '@element-plus/icons-vue';

const routes: RouteRecordRaw[] = [
  {
    path: '/org',
    name: 'Org',
    component: () => import('@/views/org/index.vue'),
    meta: { title: '组织机构', permission: 'org:read', icon: Share, group: 'org-auth', order: 30 },
  },
];

export default routes;
