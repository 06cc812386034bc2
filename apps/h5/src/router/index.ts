import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { useAuthStore } from '../stores/auth';
import { appPageRoutes } from './app-pages';
import { interactOwnRoutes } from './interact-own-pages';
import { interactPublicRoutes } from './interact-public-pages';
import { licencesRoutes } from './licences-pages';
import { medicalRoutes } from './medical-pages';
import { transitRoutes } from './transit-pages';
import { tourismRoutes } from './tourism-pages';
import { cultureRoutes } from './culture-pages';
// 首页 is where most visits start: its code ships with the entry (preloaded in parallel by the
// built index.html) instead of being fetched only after the router has started (issue 9: one
// round trip less before the first blocks). Every other page stays split by route.
import HomePage from '../pages/home/HomePage.vue';

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
  { path: '/', name: 'home', component: HomePage, meta: { title: '首页', tab: true } },
  { path: '/affairs', name: 'affairs', component: () => import('../pages/affairs/AffairsPage.vue'), meta: { title: '办事', tab: true } },
  { path: '/services', name: 'services', component: () => import('../pages/services/ServicesPage.vue'), meta: { title: '便民', tab: true } },
  { path: '/interact', name: 'interact', component: () => import('../pages/interact/InteractPage.vue'), meta: { title: '互动', tab: true } },
  { path: '/me', name: 'me', component: () => import('../pages/me/MePage.vue'), meta: { title: '我的', tab: true } },

  // 首页
  { path: '/sites', name: 'sites', component: () => import('../pages/home/SitePickerPage.vue'), meta: { title: '选择站点' } },
  { path: '/search', name: 'search', component: () => import('../pages/home/SearchPage.vue'), meta: { title: '搜索' } },
  { path: '/scan', name: 'scan', component: () => import('../pages/home/ScanPage.vue'), meta: { title: '扫一扫' } },
  { path: '/messages', name: 'messages', component: () => import('../pages/home/MessagesPage.vue'), meta: { title: '消息' } },
  { path: '/messages/:id(\\d+)', name: 'message', component: () => import('../pages/home/MessageDetailPage.vue'), meta: { title: '消息详情', requiresAuth: true } },
  // 电子证照 and 亮证 (issue 14), see licences-pages.ts.
  ...licencesRoutes,
  // 在线办事 used to be a fixed list with its own pages; it is now a configurable block of 首页.
  { path: '/online-affairs/:code', redirect: '/affairs' },
  { path: '/zones/:code', name: 'zone', component: () => import('../pages/zones/ZonePage.vue'), meta: { title: '服务专区' } },
  { path: '/news', name: 'news', component: () => import('../pages/news/NewsListPage.vue'), meta: { title: '资讯' } },
  { path: '/news/:id(\\d+)', name: 'news-detail', component: () => import('../pages/news/NewsDetailPage.vue'), meta: { title: '资讯详情' } },

  // Apps: an app's own page (即将上线, 订阅) and the in-app frame for partner H5 pages.
  { path: '/apps/:id(\\d+)', name: 'app', component: () => import('../pages/apps/AppDetailPage.vue'), meta: { title: '服务' } },
  { path: '/webview', name: 'webview', component: () => import('../pages/apps/WebviewPage.vue'), meta: { title: '服务' } },

  // The built apps (catalogue apps of kind 'route' open /apps/<code>): one list with the server's, see app-pages.ts.
  ...appPageRoutes,
  // 旅游 (景点, 预约, 常用游客, 核验) and 文体教育 (资助政策, 场馆): the steps after the apps' first pages.
  ...tourismRoutes,
  ...cultureRoutes,
  // Where the payment platform's cashier sends the citizen back.
  { path: '/payments/result', name: 'payment-result', component: () => import('../pages/payments/PaymentResultPage.vue'), meta: { title: '支付结果', requiresAuth: true } },

  // 办事: the catalogue, 办事指南 and 办事预约
  { path: '/affairs/person', name: 'affairs-person', component: () => import('../pages/affairs/ItemListPage.vue'), meta: { title: '个人办事' } },
  { path: '/affairs/corp', name: 'affairs-corp', component: () => import('../pages/affairs/ItemListPage.vue'), meta: { title: '法人办事' } },
  { path: '/affairs/departments', name: 'affairs-departments', component: () => import('../pages/affairs/DepartmentsPage.vue'), meta: { title: '部门分类' } },
  { path: '/affairs/departments/:id(\\d+)', name: 'affairs-department', component: () => import('../pages/affairs/ItemListPage.vue'), meta: { title: '部门事项' } },
  { path: '/affairs/topics', name: 'affairs-topics', component: () => import('../pages/affairs/TopicsPage.vue'), meta: { title: '主题分类' } },
  { path: '/affairs/topics/:code', name: 'affairs-topic', component: () => import('../pages/affairs/ItemListPage.vue'), meta: { title: '主题事项' } },
  { path: '/items/:id(\\d+)', name: 'item', component: () => import('../pages/items/ItemGuidePage.vue'), meta: { title: '办事指南' } },
  // Free slots are public; confirming asks for a login on the page itself, keeping the choice.
  { path: '/items/:id(\\d+)/booking', name: 'booking', component: () => import('../pages/items/BookingPage.vue'), meta: { title: '办事预约' } },

  // 便民 / 互动
  { path: '/services/themes/:code', name: 'theme', component: () => import('../pages/services/ThemePage.vue'), meta: { title: '主题服务' } },
  ...interactOwnRoutes,
  ...interactPublicRoutes,
  ...medicalRoutes,
  ...transitRoutes,

  // 我的
  { path: '/me/profile', name: 'profile', component: () => import('../pages/me/ProfilePage.vue'), meta: { title: '个人信息', requiresAuth: true } },
  { path: '/me/deregister', name: 'deregister', component: () => import('../pages/me/DeregisterPage.vue'), meta: { title: '账号注销', requiresAuth: true } },
  { path: '/me/real-name', name: 'real-name', component: () => import('../pages/me/RealNamePage.vue'), meta: { title: '实名认证', requiresAuth: true } },
  { path: '/me/real-name/result', name: 'real-name-result', component: () => import('../pages/me/RealNameResultPage.vue'), meta: { title: '认证结果', requiresAuth: true } },
  { path: '/me/cases', name: 'cases', component: () => import('../pages/me/CasesPage.vue'), meta: { title: '我的办件', requiresAuth: true } },
  { path: '/me/cases/:id(\\d+)', name: 'case', component: () => import('../pages/me/CaseDetailPage.vue'), meta: { title: '办件详情', requiresAuth: true } },
  { path: '/me/documents', name: 'my-documents', component: () => import('../pages/me/DocumentsPage.vue'), meta: { title: '我的证明', requiresAuth: true } },
  // 掌上办 / 在线办事 (issue 10): any form, a case of the engine, the designer's preview.
  { path: '/forms/:code', name: 'form', component: () => import('../pages/forms/FormPage.vue'), meta: { title: '在线办理', requiresAuth: true } },
  { path: '/form-preview', name: 'form-preview', component: () => import('../pages/forms/FormPreviewPage.vue'), meta: { title: '表单预览' } },
  { path: '/cases/:id(\\d+)', name: 'engine-case', component: () => import('../pages/cases/CaseDetailPage.vue'), meta: { title: '办件详情', requiresAuth: true } },
  // 扫一扫 → 核验结果 (the code travels in history state, or as ?code= from a typed link).
  { path: '/verify/result', name: 'verify-result', component: () => import('../pages/verify/VerifyResultPage.vue'), meta: { title: '核验结果' } },
  { path: '/me/payments', name: 'payments', component: () => import('../pages/me/PaymentsPage.vue'), meta: { title: '缴费记录', requiresAuth: true } },
  { path: '/me/subscriptions', name: 'subscriptions', component: () => import('../pages/me/SubscriptionsPage.vue'), meta: { title: '我的订阅', requiresAuth: true } },
  { path: '/me/footprints', name: 'footprints', component: () => import('../pages/me/FootprintsPage.vue'), meta: { title: '我的足迹', requiresAuth: true } },
  { path: '/me/appointments', name: 'appointments', component: () => import('../pages/me/AppointmentsPage.vue'), meta: { title: '我的预约', requiresAuth: true } },
  { path: '/me/appointments/:id(\\d+)', name: 'appointment', component: () => import('../pages/me/AppointmentResultPage.vue'), meta: { title: '预约详情', requiresAuth: true } },
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
