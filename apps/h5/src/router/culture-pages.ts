/**
 * 文体教育 (issue 15): the pages after 资助政策查询 and 图书馆（文化馆）预约 (those apps are in
 * app-pages.ts): a policy, a venue's dates and slots, a venue booking.
 *
 * A policy and a venue are public reads; a booking is the citizen's own.
 */
import type { RouteRecordRaw } from 'vue-router';

export const cultureRoutes: RouteRecordRaw[] = [
  { path: '/education/aid-policies/:id(\\d+)', name: 'aid-policy', component: () => import('../pages/education/AidPolicyDetailPage.vue'), meta: { title: '资助政策' } },
  { path: '/culture/venues/:id', name: 'culture-venue', component: () => import('../pages/culture/VenueDetailPage.vue'), meta: { title: '场馆预约' } },
  {
    path: '/culture/reservations/:id(\\d+)',
    name: 'culture-reservation',
    component: () => import('../pages/culture/VenueReservationPage.vue'),
    meta: { title: '场馆预约详情', requiresAuth: true },
  },
];
