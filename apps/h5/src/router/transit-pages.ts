/**
 * 公共交通 (issue 13): the pages behind 实时公交查询 and 充电桩查询 (those two apps are in
 * app-pages.ts). All public: the timetable, arrivals and chargers are open data, and 最近使用 is
 * kept per device for anonymous visitors. One route per line.
 */
import type { RouteRecordRaw } from 'vue-router';

export const transitRoutes: RouteRecordRaw[] = [
  { path: '/transit/stops/:stopId', name: 'transit-stop', component: () => import('../pages/transit/StopPage.vue'), meta: { title: '站点' } },
  { path: '/transit/routes/:routeId', name: 'transit-route', component: () => import('../pages/transit/RoutePage.vue'), meta: { title: '线路' } },
  { path: '/transit/plan', name: 'transit-plan', component: () => import('../pages/transit/PlanPage.vue'), meta: { title: '路线规划' } },
  { path: '/transit/itinerary', name: 'transit-itinerary', component: () => import('../pages/transit/ItineraryPage.vue'), meta: { title: '方案详情' } },
];
