import type { RouteRecordRaw } from 'vue-router';
import { DataLine, Memo, QuestionFilled } from '@element-plus/icons-vue';

// 互动 (issue 11): what the handlers maintain beside the queue (常见问题, 答复模板) and the figures
// supervisors and auditors read. The queue itself is router/modules/interactions.ts (orders below 60).
const routes: RouteRecordRaw[] = [
  {
    path: '/interaction-faqs',
    name: 'InteractionFaqs',
    component: () => import('@/views/interaction-content/Faqs.vue'),
    meta: { title: '常见问题', permission: 'interaction:handle', icon: QuestionFilled, group: 'interact', order: 60 },
  },
  {
    path: '/interaction-templates',
    name: 'InteractionTemplates',
    component: () => import('@/views/interaction-content/ReplyTemplates.vue'),
    meta: { title: '答复模板', permission: 'interaction:handle', icon: Memo, group: 'interact', order: 70 },
  },
  {
    path: '/interaction-stats',
    name: 'InteractionStats',
    component: () => import('@/views/interaction-content/Stats.vue'),
    meta: {
      title: '互动统计',
      permission: ['interaction:handle', 'interaction:supervise', 'audit:read'],
      icon: DataLine,
      group: 'interact',
      order: 80,
    },
  },
];

export default routes;
