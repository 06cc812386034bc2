/**
 * The Kysely view of the database. Timestamps are ISO-8601 UTC strings (they sort and compare the
 * same way on SQLite and MySQL); booleans are 0/1 integers. Columns ending in `_enc` hold SM4
 * ciphertext and `_idx` the HMAC-SM3 blind index used to look them up (ARCHITECTURE rule 7).
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface SitesTable {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county' | 'zone';
  parent_code: string | null;
  lat: number | null;
  lng: number | null;
  sort: number;
}

export interface DepartmentsTable {
  id: Generated<number>;
  site_code: string;
  name: string;
  code: string;
  sort: number;
  created_at: string;
}

export interface UsersTable {
  id: Generated<number>;
  kind: 'person' | 'corp';
  phone_enc: string | null;
  phone_idx: string | null;
  /** person: the citizen; corp: the legal representative (法定代表人). */
  name_enc: string | null;
  id_number_enc: string | null;
  id_number_idx: string | null;
  username: string | null;
  email_enc: string | null;
  corp_name: string | null;
  credit_code_enc: string | null;
  credit_code_idx: string | null;
  password_hash: string | null;
  real_name_verified: number;
  real_name_verified_at: string | null;
  status: 'active' | 'deleted';
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface SmsCodesTable {
  id: Generated<number>;
  phone_idx: string;
  purpose: string;
  code_hash: string;
  expires_at: string;
  attempts: number;
  consumed_at: string | null;
  created_at: string;
}

export interface SmsOutboxTable {
  id: Generated<number>;
  phone_idx: string;
  phone_enc: string;
  text: string;
  code: string | null;
  sent_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie token: a database dump does not yield usable cookies. */
  id: string;
  realm: 'user' | 'staff';
  subject_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface StaffTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  phone_enc: string | null;
  phone_idx: string | null;
  site_code: string;
  department_id: number | null;
  password_hash: string;
  must_change_password: number;
  otp_secret_enc: string | null;
  otp_pending_enc: string | null;
  otp_last_step: number | null;
  status: 'active' | 'disabled';
  failed_logins: number;
  locked_until: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface RolesTable {
  id: Generated<number>;
  code: string;
  name: string;
  builtin: number;
  /** JSON array of permission codes. */
  permissions: string;
  created_at: string;
}

export interface StaffRolesTable {
  staff_id: number;
  role_id: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_type: 'staff' | 'user' | 'system';
  actor_id: number | null;
  actor_name: string | null;
  site_code: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  summary: string | null;
  ip: string | null;
  result: 'ok' | 'denied' | 'failed';
  request_id: string | null;
}

export interface OAuthProvidersTable {
  id: Generated<number>;
  code: string;
  name: string;
  authorize_url: string;
  token_url: string;
  userinfo_url: string;
  client_id: string;
  client_secret_enc: string;
  scope: string;
  enabled: number;
  created_at: string;
}

export interface UserIdentitiesTable {
  id: Generated<number>;
  user_id: number;
  provider_code: string;
  subject: string;
  created_at: string;
}

export interface DB {
  sites: SitesTable;
  departments: DepartmentsTable;
  users: UsersTable;
  sms_codes: SmsCodesTable;
  sms_outbox: SmsOutboxTable;
  sessions: SessionsTable;
  staff: StaffTable;
  roles: RolesTable;
  staff_roles: StaffRolesTable;
  audit_log: AuditLogTable;
  oauth_providers: OAuthProvidersTable;
  user_identities: UserIdentitiesTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type StaffRow = Selectable<StaffTable>;
export type RoleRow = Selectable<RolesTable>;
export type SiteRow = Selectable<SitesTable>;
