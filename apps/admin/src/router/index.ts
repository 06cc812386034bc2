import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import BasicLayout from '@/layouts/BasicLayout.vue';
import { featureRoutes } from './feature-routes';

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'Login',
    component: () => import('@/views/login/index.vue'),
    meta: { title: '登录', public: true, hideInMenu: true },
  },
  {
    path: '/setup',
    name: 'Setup',
    component: () => import('@/views/setup/index.vue'),
    meta: { title: '首次登录安全设置', hideInMenu: true },
  },
  {
    path: '/',
    name: 'Root',
    component: BasicLayout,
    redirect: '/dashboard',
    children: [
      ...featureRoutes,
      {
        path: '/403',
        name: 'Forbidden',
        component: () => import('@/views/exception/forbidden.vue'),
        meta: { title: '无权访问', hideInMenu: true },
      },
      {
        path: '/:pathMatch(.*)*',
        name: 'NotFound',
        component: () => import('@/views/exception/not-found.vue'),
        meta: { title: '页面不存在', hideInMenu: true },
      },
    ],
  },
];

export const router = createRouter({
  // BASE_URL is '/admin/' (vite.config.ts `base`), where the server serves the console.
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});
