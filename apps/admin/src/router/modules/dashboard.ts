import type { RouteRecordRaw } from 'vue-router';
import { HomeFilled } from '@element-plus/icons-vue';

const routes: RouteRecordRaw[] = [
  {
    path: '/dashboard',
    name: 'Dashboard',
    component: () => import('@/views/dashboard/index.vue'),
    meta: { title: '工作台', icon: HomeFilled, order: 0 },
  },
];

export default routes;
