import type { RouteRecordRaw } from 'vue-router';
import { ChatLineSquare, Timer } from '@element-plus/icons-vue';

// 互动管理 (issue 11): the queue is for those who answer (interaction:handle) or supervise
// (interaction:supervise) 咨询 / 建议 / 投诉; the 答复时限 change how every new one is counted, so content:write.
const routes: RouteRecordRaw[] = [
  {
    path: '/interactions',
    name: 'Interactions',
    component: () => import('@/views/interactions/index.vue'),
    meta: { title: '互动办理', permission: ['interaction:handle', 'interaction:supervise'], icon: ChatLineSquare, group: 'interact', order: 10 },
  },
  {
    path: '/interactions/:id(\\d+)',
    name: 'InteractionDetail',
    component: () => import('@/views/interactions/Detail.vue'),
    meta: { title: '互动详情', permission: ['interaction:handle', 'interaction:supervise'], group: 'interact', hideInMenu: true, order: 11 },
  },
  {
    path: '/interactions/settings',
    name: 'InteractionSettings',
    component: () => import('@/views/interactions/Settings.vue'),
    meta: { title: '答复时限', permission: 'content:write', icon: Timer, group: 'interact', order: 60 },
  },
];

export default routes;
