import type { RouteRecordRaw } from 'vue-router';

/** 互动 (issue 11), the public pages: 常见问题, 答复公开, 数据统计 — no login needed. */
export const interactPublicRoutes: RouteRecordRaw[] = [
  { path: '/interact/faq', name: 'interact-faq', component: () => import('../pages/interact/FaqPage.vue'), meta: { title: '常见问题' } },
  { path: '/interact/public', name: 'interact-public', component: () => import('../pages/interact/PublicListPage.vue'), meta: { title: '答复公开' } },
  { path: '/interact/public/:id(\\d+)', name: 'interact-public-detail', component: () => import('../pages/interact/PublicDetailPage.vue'), meta: { title: '答复详情' } },
  { path: '/interact/stats', name: 'interact-stats', component: () => import('../pages/interact/StatsPage.vue'), meta: { title: '数据统计' } },
];
