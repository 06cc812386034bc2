/**
 * Static types of the console's API payloads, taken from the TypeBox schemas in @dz/contracts so the
 * console and the server cannot drift. `typeof Schema['static']` is what TypeBox's Static<> reads, so
 * the console needs no direct dependency on @sinclair/typebox.
 */
import type {
  AdminLoginResponse,
  AuditEntry as AuditEntrySchema,
  DepartmentView as DepartmentViewSchema,
  OtpStartResponse,
  RoleView as RoleViewSchema,
  StaffView,
} from '@dz/contracts';

export type { StaffView, SiteNode, Permission } from '@dz/contracts';

export type SessionState = (typeof AdminLoginResponse)['static'];
export type OtpStart = (typeof OtpStartResponse)['static'];
export type RoleView = (typeof RoleViewSchema)['static'];
export type DepartmentView = (typeof DepartmentViewSchema)['static'];
export type AuditEntry = (typeof AuditEntrySchema)['static'];
export type AuditResult = AuditEntry['result'];
export type StaffStatus = StaffView['status'];

export interface PageResult<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface PermissionOption {
  code: string;
  name: string;
}
