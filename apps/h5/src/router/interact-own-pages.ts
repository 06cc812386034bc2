import type { RouteRecordRaw } from 'vue-router';
import type { InteractionType } from '@dz/contracts';

/**
 * 互动 (issue 11), the citizen's own pages: 我要咨询 / 建议 / 投诉, 提交成功, 我的回复.
 * Only types come from @dz/contracts: this file is part of the router, in the first-screen bundle.
 */
const SUBMIT: { type: InteractionType; title: string }[] = [
  { type: 'consult', title: '我要咨询' },
  { type: 'suggest', title: '我要建议' },
  { type: 'complain', title: '我要投诉' },
];

export const interactOwnRoutes: RouteRecordRaw[] = [
  ...SUBMIT.map(
    ({ type, title }): RouteRecordRaw => ({
      path: `/interact/${type}`,
      name: `interact-${type}`,
      component: () => import('../pages/interact/SubmitPage.vue'),
      props: { type },
      meta: { title, requiresAuth: true },
    }),
  ),
  { path: '/interact/submitted/:id(\\d+)', name: 'interact-submitted', component: () => import('../pages/interact/SubmittedPage.vue'), meta: { title: '提交成功', requiresAuth: true } },
  { path: '/interact/replies', name: 'interact-replies', component: () => import('../pages/interact/MyRepliesPage.vue'), meta: { title: '我的回复', requiresAuth: true } },
  { path: '/interact/replies/:id(\\d+)', name: 'interact-reply', component: () => import('../pages/interact/ReplyDetailPage.vue'), meta: { title: '回复详情', requiresAuth: true } },
];
