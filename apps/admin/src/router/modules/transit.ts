import type { RouteRecordRaw } from 'vue-router';
import { Van } from '@element-plus/icons-vue';

// 公交数据: the bus company's GTFS timetable behind 公共交通's 实时公交 and 路线规划 (issue 13).
const routes: RouteRecordRaw[] = [
  {
    path: '/transit-feeds',
    name: 'TransitFeeds',
    component: () => import('@/views/transit/index.vue'),
    meta: { title: '公交数据', permission: 'content:write', icon: Van, group: 'content', order: 70 },
  },
];

export default routes;
