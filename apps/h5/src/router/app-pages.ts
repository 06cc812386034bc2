/**
 * The pages of the built apps (catalogue apps of kind 'route'), keyed by the paths of APP_ROUTES in
 * packages/contracts: the type makes this name a page for every listed path and for no other, so
 * the server's list of pages an app may open (it refuses to put an app 上线 without one) and the
 * router cannot drift. Titles come from the same list.
 */
import type { RouteRecordRaw, RouteRecordSingleView } from 'vue-router';
import { APP_ROUTES, type AppRoutePath } from '@dz/contracts';

type AppPage = Pick<RouteRecordSingleView, 'name' | 'component' | 'props'> & { requiresAuth: boolean };

const APP_PAGES: Record<AppRoutePath, AppPage> = {
  '/apps/water-payment': { name: 'water-payment', component: () => import('../pages/utilities/UtilityPaymentPage.vue'), props: { biz: 'water' }, requiresAuth: true },
  '/apps/water-bill-query': { name: 'water-bill-query', component: () => import('../pages/utilities/UtilityBillQueryPage.vue'), props: { biz: 'water' }, requiresAuth: true },
  '/apps/utility-install': { name: 'utility-install', component: () => import('../pages/utilities/UtilityInstallPage.vue'), requiresAuth: true },
  '/apps/gas-payment': { name: 'gas-payment', component: () => import('../pages/utilities/UtilityPaymentPage.vue'), props: { biz: 'gas' }, requiresAuth: true },
  '/apps/gas-bill-query': { name: 'gas-bill-query', component: () => import('../pages/utilities/UtilityBillQueryPage.vue'), props: { biz: 'gas' }, requiresAuth: true },
  '/apps/gas-install': { name: 'gas-install', component: () => import('../pages/utilities/GasInstallPage.vue'), requiresAuth: true },
};

export const appPageRoutes: RouteRecordRaw[] = (Object.keys(APP_PAGES) as AppRoutePath[]).map((path) => {
  const { requiresAuth, ...page } = APP_PAGES[path];
  return { path, ...page, meta: { title: APP_ROUTES[path], requiresAuth } };
});
