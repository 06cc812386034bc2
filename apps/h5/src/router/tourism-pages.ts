/**
 * 旅游 (issue 15): the pages after 景点介绍 and 景点预约 (those two apps are in app-pages.ts):
 * a spot, its booking steps, a booking with its QR, 常用游客 and the spot's checker page.
 *
 * A spot's page and the checker are public (POST /api/verify is, as for 扫一扫); booking asks for a
 * login first (the guard comes back to the page after it), as do a booking and 常用游客.
 */
import type { RouteRecordRaw } from 'vue-router';

export const tourismRoutes: RouteRecordRaw[] = [
  { path: '/tourism/spots/:id(\\d+)', name: 'tourism-spot', component: () => import('../pages/tourism/SpotDetailPage.vue'), meta: { title: '景点详情' } },
  { path: '/tourism/spots/:id(\\d+)/book', name: 'tourism-book', component: () => import('../pages/tourism/SpotBookingPage.vue'), meta: { title: '景点预约', requiresAuth: true } },
  { path: '/tourism/reservations/:id(\\d+)', name: 'tourism-reservation', component: () => import('../pages/tourism/ReservationPage.vue'), meta: { title: '预约详情', requiresAuth: true } },
  { path: '/tourism/visitors', name: 'tourism-visitors', component: () => import('../pages/tourism/VisitorsPage.vue'), meta: { title: '常用游客', requiresAuth: true } },
  { path: '/tourism/check', name: 'tourism-check', component: () => import('../pages/tourism/CheckPage.vue'), meta: { title: '入园核验' } },
];
