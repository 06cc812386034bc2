import type { RouteRecordRaw } from 'vue-router';
import { EditPen, Histogram, Share, Star, Tickets } from '@element-plus/icons-vue';

// 办件管理 (issue 10): the queues are for those who handle or review cases; the designers (forms,
// workflows) change what citizens fill in and how cases run, so they need content:write.
const routes: RouteRecordRaw[] = [
  {
    path: '/cases',
    name: 'Cases',
    component: () => import('@/views/cases/index.vue'),
    meta: { title: '办件中心', permission: ['case:handle', 'case:review'], icon: Tickets, group: 'cases', order: 10 },
  },
  {
    path: '/cases/:id(\\d+)',
    name: 'CaseDetail',
    component: () => import('@/views/cases/CaseDetail.vue'),
    meta: { title: '办件详情', permission: ['case:handle', 'case:review'], group: 'cases', hideInMenu: true, order: 11 },
  },
  {
    path: '/case-stats',
    name: 'CaseStats',
    component: () => import('@/views/cases/Stats.vue'),
    meta: { title: '办件统计', permission: ['case:handle', 'case:review', 'audit:read'], icon: Histogram, group: 'cases', order: 20 },
  },
  {
    path: '/ratings',
    name: 'Ratings',
    component: () => import('@/views/ratings/index.vue'),
    meta: { title: '好差评', permission: ['case:review', 'case:handle'], icon: Star, group: 'cases', order: 30 },
  },
  {
    path: '/forms',
    name: 'Forms',
    component: () => import('@/views/forms/index.vue'),
    meta: { title: '表单设计', permission: 'content:write', icon: EditPen, group: 'cases', order: 40 },
  },
  {
    path: '/forms/:code',
    name: 'FormDesigner',
    component: () => import('@/views/forms/FormDesigner.vue'),
    meta: { title: '设计表单', permission: 'content:write', group: 'cases', hideInMenu: true, order: 41 },
  },
  {
    path: '/workflows',
    name: 'Workflows',
    component: () => import('@/views/workflows/index.vue'),
    meta: { title: '工作流', permission: 'content:write', icon: Share, group: 'cases', order: 50 },
  },
];

export default routes;
