import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { useAuthStore } from '../stores/auth';

declare module 'vue-router' {
  interface RouteMeta {
    /** Page title: nav bar <h1> and document.title. */
    title?: string;
    /** Shows the bottom tab bar (the five channels only). */
    tab?: boolean;
    /** Needs a logged-in citizen; anonymous visitors go to /login?redirect=… */
    requiresAuth?: boolean;
  }
}

const routes: RouteRecordRaw[] = [
  // The five channels (频道) of the seed's page plan.
  { path: '/', name: 'home', component: () => import('../pages/home/HomePage.vue'), meta: { title: '首页', tab: true } },
  { path: '/affairs', name: 'affairs', component: () => import('../pages/affairs/AffairsPage.vue'), meta: { title: '办事', tab: true } },
  { path: '/services', name: 'services', component: () => import('../pages/services/ServicesPage.vue'), meta: { title: '便民', tab: true } },
  { path: '/interact', name: 'interact', component: () => import('../pages/interact/InteractPage.vue'), meta: { title: '互动', tab: true } },
  { path: '/me', name: 'me', component: () => import('../pages/me/MePage.vue'), meta: { title: '我的', tab: true } },

  // 首页
  { path: '/sites', name: 'sites', component: () => import('../pages/home/SitePickerPage.vue'), meta: { title: '选择站点' } },
  { path: '/search', name: 'search', component: () => import('../pages/home/SearchPage.vue'), meta: { title: '搜索' } },
  { path: '/scan', name: 'scan', component: () => import('../pages/home/ScanPage.vue'), meta: { title: '扫一扫' } },
  { path: '/messages', name: 'messages', component: () => import('../pages/home/MessagesPage.vue'), meta: { title: '消息' } },
  { path: '/licences', name: 'licences', component: () => import('../pages/home/LicencesPage.vue'), meta: { title: '电子证照' } },
  { path: '/online-affairs/:code', name: 'online-affairs', component: () => import('../pages/affairs/AffairsCategoryPage.vue'), meta: { title: '在线办事' } },
  { path: '/zones/:code', name: 'zone', component: () => import('../pages/zones/ZonePage.vue'), meta: { title: '服务专区' } },

  // 办事 / 便民 / 互动
  { path: '/affairs/:category', name: 'affairs-category', component: () => import('../pages/affairs/AffairsCategoryPage.vue'), meta: { title: '办事' } },
  { path: '/services/themes/:code', name: 'theme', component: () => import('../pages/services/ThemePage.vue'), meta: { title: '主题服务' } },
  { path: '/interact/:entry', name: 'interact-entry', component: () => import('../pages/interact/InteractEntryPage.vue'), meta: { title: '互动' } },

  // 我的
  { path: '/me/profile', name: 'profile', component: () => import('../pages/me/ProfilePage.vue'), meta: { title: '个人信息', requiresAuth: true } },
  { path: '/me/deregister', name: 'deregister', component: () => import('../pages/me/DeregisterPage.vue'), meta: { title: '账号注销', requiresAuth: true } },
  { path: '/me/real-name', name: 'real-name', component: () => import('../pages/me/RealNamePage.vue'), meta: { title: '实名认证', requiresAuth: true } },
  { path: '/me/real-name/result', name: 'real-name-result', component: () => import('../pages/me/RealNameResultPage.vue'), meta: { title: '认证结果', requiresAuth: true } },
  { path: '/me/cases', name: 'cases', component: () => import('../pages/me/MyFramePage.vue'), meta: { title: '我的办件', requiresAuth: true } },
  { path: '/me/subscriptions', name: 'subscriptions', component: () => import('../pages/me/MyFramePage.vue'), meta: { title: '我的订阅', requiresAuth: true } },
  { path: '/me/footprints', name: 'footprints', component: () => import('../pages/me/MyFramePage.vue'), meta: { title: '我的足迹', requiresAuth: true } },
  { path: '/settings', name: 'settings', component: () => import('../pages/settings/SettingsPage.vue'), meta: { title: '设置' } },
  { path: '/settings/version', name: 'version', component: () => import('../pages/settings/VersionPage.vue'), meta: { title: '版本更新' } },
  { path: '/settings/password', name: 'change-password', component: () => import('../pages/settings/ChangePasswordPage.vue'), meta: { title: '修改密码', requiresAuth: true } },

  // 注册 / 登录
  { path: '/login', name: 'login', component: () => import('../pages/auth/LoginPage.vue'), meta: { title: '登录' } },
  { path: '/register', name: 'register', component: () => import('../pages/auth/RegisterPage.vue'), meta: { title: '注册' } },
  { path: '/forgot-password', name: 'forgot-password', component: () => import('../pages/auth/ForgotPasswordPage.vue'), meta: { title: '忘记密码' } },
  { path: '/agreements/:doc(terms|privacy)', name: 'agreement', component: () => import('../pages/auth/AgreementPage.vue'), meta: { title: '协议' } },

  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('../pages/misc/NotFoundPage.vue'), meta: { title: '页面不存在' } },
];

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
});

/** True while a navigation is being decided; the 401 handler then leaves redirects to the guard. */
export let navigating = false;

router.beforeEach(async (to) => {
  navigating = true;
  if (!to.meta.requiresAuth) return true;
  const auth = useAuthStore();
  await auth.ensureLoaded();
  if (auth.status === 'anonymous') return { path: '/login', query: { redirect: to.fullPath } };
  // Authenticated — or the API is unreachable: the page then shows an error with 重试.
  return true;
});

router.afterEach((to) => {
  navigating = false;
  const title = to.meta.title;
  document.title = title && to.name !== 'home' ? `${title} - 天府通办·达州` : '天府通办·达州';
});

router.onError(() => {
  navigating = false;
});
