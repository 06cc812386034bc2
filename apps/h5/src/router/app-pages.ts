/**
 * The pages of the built apps (catalogue apps of kind 'route'), keyed by the paths of APP_ROUTES in
 * packages/contracts: the type makes this name a page for every listed path and for no other, so
 * the server's list of pages an app may open (it refuses to put an app 上线 without one) and the
 * router cannot drift. Titles come from the same list — checked by type, letter for letter.
 *
 * Only types are imported from @dz/contracts: a value import would pull its TypeBox schemas
 * (~40 KB) into the first-screen bundle, since this file is part of the router (issue 9).
 */
import type { RouteRecordRaw, RouteRecordSingleView } from 'vue-router';
import type { APP_ROUTES, AppRoutePath } from '@dz/contracts';

type AppPage<P extends AppRoutePath> = Pick<RouteRecordSingleView, 'name' | 'component' | 'props'> & { title: (typeof APP_ROUTES)[P]; requiresAuth: boolean };

const APP_PAGES: { [P in AppRoutePath]: AppPage<P> } = {
  '/apps/water-payment': { name: 'water-payment', title: '水费缴纳', component: () => import('../pages/utilities/UtilityPaymentPage.vue'), props: { biz: 'water' }, requiresAuth: true },
  '/apps/water-bill-query': { name: 'water-bill-query', title: '水费账单查询', component: () => import('../pages/utilities/UtilityBillQueryPage.vue'), props: { biz: 'water' }, requiresAuth: true },
  '/apps/utility-install': { name: 'utility-install', title: '在线报装', component: () => import('../pages/utilities/UtilityInstallPage.vue'), requiresAuth: true },
  '/apps/gas-payment': { name: 'gas-payment', title: '气费缴纳', component: () => import('../pages/utilities/UtilityPaymentPage.vue'), props: { biz: 'gas' }, requiresAuth: true },
  '/apps/gas-bill-query': { name: 'gas-bill-query', title: '燃气账单查询', component: () => import('../pages/utilities/UtilityBillQueryPage.vue'), props: { biz: 'gas' }, requiresAuth: true },
  '/apps/gas-install': { name: 'gas-install', title: '燃气报装', component: () => import('../pages/utilities/GasInstallPage.vue'), requiresAuth: true },
  // 政务服务好差评: the citizen's ratings of their cases (issue 10).
  '/me/ratings': { name: 'my-ratings', title: '我的评价', component: () => import('../pages/ratings/MyRatingsPage.vue'), requiresAuth: true },
  // 医疗就诊 (issue 12); the later steps are in medical-pages.ts. The hospitals and 号源 are public.
  '/apps/hospital-booking': { name: 'hospital-booking', title: '预约挂号', component: () => import('../pages/medical/HospitalsPage.vue'), requiresAuth: false },
  '/apps/registration-payment': { name: 'registration-payment', title: '挂号缴费', component: () => import('../pages/medical/UnpaidPage.vue'), requiresAuth: true },
  '/apps/lab-report-query': { name: 'lab-report-query', title: '检验报告查询', component: () => import('../pages/medical/ReportsPage.vue'), requiresAuth: true },
  // 公共交通 (issue 13); 站点, 线路, 路线规划 and 方案详情 are in transit-pages.ts. All public.
  '/apps/realtime-bus': { name: 'realtime-bus', title: '实时公交查询', component: () => import('../pages/transit/TransitHomePage.vue'), requiresAuth: false },
  '/apps/charging-pile-query': { name: 'charging-pile-query', title: '充电桩查询', component: () => import('../pages/transit/ChargersPage.vue'), requiresAuth: false },
  // 不动产 and 公积金 (issue 14). 利率, 合作楼盘, 服务网点 and the calculator are public.
  '/apps/house-query': { name: 'house-query', title: '房屋查询', component: () => import('../pages/housing/HouseQueryPage.vue'), requiresAuth: true },
  '/apps/no-house-certificate': { name: 'no-house-certificate', title: '无房证明', component: () => import('../pages/housing/NoHouseCertificatePage.vue'), requiresAuth: true },
  '/apps/property-cert-verify': { name: 'property-cert-verify', title: '不动产登记业务证书核验', component: () => import('../pages/housing/PropertyCertVerifyPage.vue'), requiresAuth: false },
  '/apps/hf-account': { name: 'hf-account', title: '公积金账户信息', component: () => import('../pages/housing/FundAccountPage.vue'), requiresAuth: true },
  '/apps/hf-loan-calculator': { name: 'hf-loan-calculator', title: '贷款计算器', component: () => import('../pages/housing/LoanCalculatorPage.vue'), requiresAuth: false },
  '/apps/hf-rates': { name: 'hf-rates', title: '利率信息', component: () => import('../pages/housing/FundRatesPage.vue'), requiresAuth: false },
  '/apps/hf-partner-estates': { name: 'hf-partner-estates', title: '合作楼盘', component: () => import('../pages/housing/PartnerEstatesPage.vue'), requiresAuth: false },
  '/apps/hf-service-points': { name: 'hf-service-points', title: '服务网点', component: () => import('../pages/housing/ServicePointsPage.vue'), requiresAuth: false },
  // 旅游 and 文体教育 (issue 15); the later steps are in tourism-pages.ts and culture-pages.ts. Spots, policies and venues are public.
  '/apps/scenic-intro': { name: 'scenic-intro', title: '景点介绍', component: () => import('../pages/tourism/SpotsPage.vue'), requiresAuth: false },
  '/apps/scenic-booking': { name: 'scenic-booking', title: '景点预约', component: () => import('../pages/tourism/BookingStartPage.vue'), requiresAuth: false },
  '/apps/zhongkao-score': { name: 'zhongkao-score', title: '中考成绩查询', component: () => import('../pages/education/ExamScorePage.vue'), requiresAuth: false },
  '/apps/aid-policy-query': { name: 'aid-policy-query', title: '资助政策查询', component: () => import('../pages/education/AidPoliciesPage.vue'), requiresAuth: false },
  '/apps/library-booking': { name: 'library-booking', title: '图书馆（文化馆）预约', component: () => import('../pages/culture/VenuesPage.vue'), requiresAuth: false },
};

export const appPageRoutes: RouteRecordRaw[] = (Object.keys(APP_PAGES) as AppRoutePath[]).map((path) => {
  const { requiresAuth, title, ...page } = APP_PAGES[path];
  return { path, ...page, meta: { title, requiresAuth } };
});
