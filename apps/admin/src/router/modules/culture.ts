import type { RouteRecordRaw } from 'vue-router';
import { FolderOpened, Place, Reading } from '@element-plus/icons-vue';

// issue 15: 文件中心 (public pictures and PDFs), 景点管理 (旅游) and 资助政策 (文体教育).
const routes: RouteRecordRaw[] = [
  {
    path: '/file-centre',
    name: 'FileCentre',
    component: () => import('@/views/file-centre/index.vue'),
    meta: { title: '文件中心', permission: 'content:write', icon: FolderOpened, group: 'content', order: 45 },
  },
  {
    path: '/tourism-spots',
    name: 'TourismSpots',
    component: () => import('@/views/tourism/index.vue'),
    meta: { title: '景点管理', permission: 'content:write', icon: Place, group: 'content', order: 76 },
  },
  {
    path: '/aid-policies',
    name: 'AidPolicies',
    component: () => import('@/views/education/index.vue'),
    meta: { title: '资助政策', permission: 'content:write', icon: Reading, group: 'content', order: 77 },
  },
];

export default routes;
