import type {
  DepartmentListResponse,
  HospitalLevel,
  HospitalListResponse,
  LabReportDetail,
  LabReportListResponse,
  PatientCreateRequest,
  PatientListResponse,
  PatientView,
  RegistrationCreated,
  RegistrationCreateRequest,
  RegistrationListResponse,
  RegistrationView,
  ScheduleResponse,
} from '@dz/contracts';
import { http } from './client';

/** 我的挂号 tabs, as GET /api/medical/registrations filters them. */
export type RegistrationFilter = 'unpaid' | 'active' | 'history';

const enc = encodeURIComponent;

/**
 * 医疗就诊: hospitals, departments and the week's 号源 (the HIS's, read through the server),
 * 就诊人管理, 挂号 (lock → pay → confirmed) and 检验报告. Only types come from @dz/contracts.
 */
export const medicalApi = {
  hospitals: (query: { level?: HospitalLevel; site?: string; q?: string }) => http.get<HospitalListResponse>('/api/medical/hospitals', { query }),
  departments: (hospitalId: string) => http.get<DepartmentListResponse>(`/api/medical/hospitals/${enc(hospitalId)}/departments`),
  schedules: (hospitalId: string, departmentId: string, date?: string) =>
    http.get<ScheduleResponse>('/api/medical/schedules', { query: { hospitalId, departmentId, date } }),

  patients: () => http.get<PatientListResponse>('/api/medical/patients'),
  addPatient: (body: PatientCreateRequest) => http.post<PatientView>('/api/medical/patients', body),
  removePatient: (id: number) => http.del<void>(`/api/medical/patients/${id}`),

  register: (body: RegistrationCreateRequest) => http.post<RegistrationCreated>('/api/medical/registrations', body),
  registrations: (status?: RegistrationFilter) => http.get<RegistrationListResponse>('/api/medical/registrations', { query: { status } }),
  registration: (id: number | string) => http.get<RegistrationView>(`/api/medical/registrations/${enc(String(id))}`),
  cancel: (id: number) => http.post<RegistrationView | undefined>(`/api/medical/registrations/${id}/cancel`),

  reports: () => http.get<LabReportListResponse>('/api/medical/reports'),
  report: (id: string, patientId: number) => http.get<LabReportDetail>(`/api/medical/reports/${enc(id)}`, { query: { patientId } }),
};

/** The PDF of a report: a same-origin address the browser downloads with the session cookie. */
export function reportPdfUrl(id: string, patientId: number): string {
  return `/api/medical/reports/${enc(id)}/pdf?patientId=${patientId}`;
}
