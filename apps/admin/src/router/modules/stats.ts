import type { RouteRecordRaw } from 'vue-router';
import { TrendCharts } from '@element-plus/icons-vue';

const routes: RouteRecordRaw[] = [
  {
    path: '/stats',
    name: 'Stats',
    component: () => import('@/views/stats/index.vue'),
    // Content editors judge their pages by it; auditors read it as part of supervision.
    meta: { title: '访问统计', permission: ['content:write', 'audit:read'], icon: TrendCharts, group: 'stats', order: 10 },
  },
];

export default routes;
