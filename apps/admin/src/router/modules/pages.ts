import type { RouteRecordRaw } from 'vue-router';
import { Iphone } from '@element-plus/icons-vue';

const routes: RouteRecordRaw[] = [
  {
    path: '/pages',
    name: 'Pages',
    component: () => import('@/views/pages/index.vue'),
    meta: { title: '页面配置', permission: 'content:write', icon: Iphone, group: 'mobile', order: 10 },
  },
];

export default routes;
