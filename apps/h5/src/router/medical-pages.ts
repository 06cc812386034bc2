/**
 * 医疗就诊 (issue 12): the steps of 预约挂号 after the hospital list, 就诊人管理, 我的挂号 and the
 * 检验报告 detail. The three apps themselves (/apps/hospital-booking, /apps/registration-payment,
 * /apps/lab-report-query) are in app-pages.ts with the other built apps.
 *
 * Hospitals, departments and 号源 are public reads; choosing a patient and anything personal asks
 * for a login first.
 */
import type { RouteRecordRaw } from 'vue-router';

export const medicalRoutes: RouteRecordRaw[] = [
  { path: '/medical/hospitals/:hospitalId', name: 'medical-departments', component: () => import('../pages/medical/DepartmentsPage.vue'), meta: { title: '选择科室' } },
  {
    path: '/medical/hospitals/:hospitalId/departments/:departmentId',
    name: 'medical-schedule',
    component: () => import('../pages/medical/SchedulePage.vue'),
    meta: { title: '选择医生' },
  },
  { path: '/medical/register', name: 'medical-register', component: () => import('../pages/medical/RegisterPage.vue'), meta: { title: '确认挂号', requiresAuth: true } },
  { path: '/medical/patients', name: 'medical-patients', component: () => import('../pages/medical/PatientsPage.vue'), meta: { title: '就诊人管理', requiresAuth: true } },
  { path: '/medical/patients/new', name: 'medical-patient-new', component: () => import('../pages/medical/PatientFormPage.vue'), meta: { title: '添加就诊人', requiresAuth: true } },
  { path: '/medical/reports/:id', name: 'medical-report', component: () => import('../pages/medical/ReportDetailPage.vue'), meta: { title: '检验报告', requiresAuth: true } },
  { path: '/me/registrations', name: 'registrations', component: () => import('../pages/medical/RegistrationsPage.vue'), meta: { title: '我的挂号', requiresAuth: true } },
  { path: '/me/registrations/:id(\\d+)', name: 'registration', component: () => import('../pages/medical/RegistrationDetailPage.vue'), meta: { title: '挂号详情', requiresAuth: true } },
];
