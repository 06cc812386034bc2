import type { RouteRecordRaw } from 'vue-router';
import { Bell, Collection, Grid, Menu, Search, Tickets } from '@element-plus/icons-vue';

// 内容管理: the catalog citizens browse in the H5, all edited with content:write.
const routes: RouteRecordRaw[] = [
  {
    path: '/zones',
    name: 'Zones',
    component: () => import('@/views/zones/index.vue'),
    meta: { title: '服务专区', permission: 'content:write', icon: Grid, group: 'content', order: 10 },
  },
  {
    path: '/apps',
    name: 'Apps',
    component: () => import('@/views/apps/index.vue'),
    meta: { title: '应用管理', permission: 'content:write', icon: Menu, group: 'content', order: 20 },
  },
  {
    path: '/items',
    name: 'Items',
    component: () => import('@/views/items/index.vue'),
    meta: { title: '事项管理', permission: 'content:write', icon: Tickets, group: 'content', order: 30 },
  },
  {
    path: '/news',
    name: 'News',
    component: () => import('@/views/news/index.vue'),
    meta: { title: '资讯管理', permission: 'content:write', icon: Collection, group: 'content', order: 40 },
  },
  {
    path: '/messages',
    name: 'Messages',
    component: () => import('@/views/messages/index.vue'),
    meta: { title: '消息中心', permission: 'content:write', icon: Bell, group: 'content', order: 50 },
  },
  {
    path: '/search-pins',
    name: 'SearchPins',
    component: () => import('@/views/search/index.vue'),
    meta: { title: '热门搜索', permission: 'content:write', icon: Search, group: 'content', order: 60 },
  },
];

export default routes;
