/**
 * 电子证照 (issue 14): 我的证照, a licence's face, 亮证 with its PIN and countdown, 核验记录, and
 * 设置亮证密码. The list answers visitors itself (a login prompt, as the home strip does); the rest
 * is personal and asks for a login first.
 */
import type { RouteRecordRaw } from 'vue-router';

export const licencesRoutes: RouteRecordRaw[] = [
  { path: '/licences', name: 'licences', component: () => import('../pages/licences/LicencesPage.vue'), meta: { title: '我的证照' } },
  { path: '/licences/pin', name: 'licence-pin', component: () => import('../pages/licences/LicencePinPage.vue'), meta: { title: '设置亮证密码', requiresAuth: true } },
  { path: '/licences/:id', name: 'licence', component: () => import('../pages/licences/LicenceDetailPage.vue'), meta: { title: '证照详情', requiresAuth: true } },
  { path: '/licences/:id/show', name: 'licence-show', component: () => import('../pages/licences/LicenceShowPage.vue'), meta: { title: '亮证', requiresAuth: true } },
  { path: '/licences/:id/events', name: 'licence-events', component: () => import('../pages/licences/LicenceEventsPage.vue'), meta: { title: '核验记录', requiresAuth: true } },
];
