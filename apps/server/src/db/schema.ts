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

// ---- portal (0002) ------------------------------------------------------------------------------

export interface ZonesTable {
  id: Generated<number>;
  site_code: string;
  code: string;
  name: string;
  icon: string;
  color: string;
  intro: string;
  banner_url: string | null;
  groups: string;
  sort: number;
  status: 'online' | 'offline';
  created_at: string;
  updated_at: string;
}

export interface AppsTable {
  id: Generated<number>;
  site_code: string;
  code: string;
  name: string;
  icon: string;
  zone_code: string | null;
  group_title: string | null;
  themes: string;
  audience: string;
  keywords: string;
  kind: 'route' | 'external' | 'item' | 'form';
  target: string;
  status: 'online' | 'offline' | 'coming';
  is_palm: number;
  description: string;
  popularity: number;
  sort: number;
  created_at: string;
  updated_at: string;
}

export interface ItemsTable {
  id: Generated<number>;
  site_code: string;
  code: string;
  name: string;
  department_id: number;
  audience: 'person' | 'corp' | 'both';
  theme: string;
  subject: string;
  time_limit: string;
  charge: string;
  legal_basis: string;
  materials: string;
  steps: string;
  windows: string;
  online: number;
  online_url: string | null;
  bookable: number;
  keywords: string;
  status: 'online' | 'offline';
  popularity: number;
  sort: number;
  created_at: string;
  updated_at: string;
}

export interface NewsTable {
  id: Generated<number>;
  site_code: string;
  title: string;
  cover_url: string | null;
  summary: string;
  content: string;
  status: 'draft' | 'published';
  published_at: string | null;
  popularity: number;
  created_at: string;
  updated_at: string;
}

export interface MessagesTable {
  id: Generated<number>;
  site_code: string | null;
  user_id: number | null;
  title: string;
  body: string;
  link: string | null;
  created_by: number | null;
  created_at: string;
}

export interface MessageReadsTable {
  message_id: number;
  user_id: number;
  read_at: string;
}

export interface PagesTable {
  id: Generated<number>;
  site_code: string;
  channel: 'home' | 'affairs' | 'services';
  version: number;
  blocks: string;
  note: string | null;
  published_by: number | null;
  published_at: string;
  is_current: number;
}

export interface SearchTermsTable {
  id: Generated<number>;
  site_code: string;
  term: string;
  count: number;
  pinned: number;
  updated_at: string;
}

export interface SearchHistoryTable {
  id: Generated<number>;
  owner_key: string;
  term: string;
  at: string;
}

export interface SubscriptionsTable {
  user_id: number;
  app_id: number;
  created_at: string;
}

export interface FootprintsTable {
  id: Generated<number>;
  owner_key: string;
  type: 'item' | 'app' | 'news' | 'zone';
  ref_id: string;
  title: string;
  at: string;
}

export interface VisitsTable {
  id: Generated<number>;
  site_code: string;
  type: 'zone' | 'app' | 'item' | 'palm' | 'page' | 'news';
  ref: string;
  user_id: number | null;
  visitor: string;
  day: string;
  at: string;
}

export interface HallsTable {
  id: Generated<number>;
  site_code: string;
  name: string;
  address: string;
  phone: string;
  hours: string;
  created_at: string;
}

export interface HallWindowsTable {
  id: Generated<number>;
  hall_id: number;
  name: string;
  item_ids: string;
}

export interface SlotsTable {
  id: Generated<number>;
  hall_id: number;
  window_id: number;
  day: string;
  start_time: string;
  end_time: string;
  capacity: number;
  booked: number;
}

export interface AppointmentsTable {
  id: Generated<number>;
  code: string;
  user_id: number;
  slot_id: number;
  item_id: number;
  status: 'booked' | 'cancelled';
  created_at: string;
  cancelled_at: string | null;
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
  zones: ZonesTable;
  apps: AppsTable;
  items: ItemsTable;
  news: NewsTable;
  messages: MessagesTable;
  message_reads: MessageReadsTable;
  pages: PagesTable;
  search_terms: SearchTermsTable;
  search_history: SearchHistoryTable;
  subscriptions: SubscriptionsTable;
  footprints: FootprintsTable;
  visits: VisitsTable;
  halls: HallsTable;
  hall_windows: HallWindowsTable;
  slots: SlotsTable;
  appointments: AppointmentsTable;
  partner_endpoints: PartnerEndpointsTable;
  partner_calls: PartnerCallsTable;
  payment_orders: PaymentOrdersTable;
  payment_notifications: PaymentNotificationsTable;
  recon_runs: ReconRunsTable;
  recon_diffs: ReconDiffsTable;
  files: FilesTable;
  /** migration 0012: the installations moved to `cases` (kind installation); kept for a rollback and for old ids */
  applications_legacy: ApplicationsLegacyTable;
  kv_entries: KvEntriesTable;
  jobs: JobsTable;
  visit_rollups: VisitRollupsTable;
  /** migration 0008: the same rollups summed over each site's subtree (site_code = the subtree's root) */
  visit_tree_rollups: VisitRollupsTable;
  visit_rollup_state: VisitRollupStateTable;
  content_changes: ContentChangesTable;
  // ---- migration 0011: the applications engine ----
  form_defs: FormDefsTable;
  form_versions: FormVersionsTable;
  workflows: WorkflowsTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  case_ratings: CaseRatingsTable;
  rectifications: RectificationsTable;
  file_links: FileLinksTable;
  documents: DocumentsTable;
  // ---- migration 0013: 互动 ----
  interactions: InteractionsTable;
  faqs: FaqsTable;
  reply_templates: ReplyTemplatesTable;
  // ---- migration 0014: bookings core, 就诊人 ----
  bookings: BookingsTable;
  patients: PatientsTable;
  // ---- migration 0017: 公共交通 (GTFS feeds, 最近使用, places) ----
  transit_feeds: TransitFeedsTable;
  transit_agencies: TransitAgenciesTable;
  transit_stops: TransitStopsTable;
  transit_routes: TransitRoutesTable;
  transit_trips: TransitTripsTable;
  transit_stop_times: TransitStopTimesTable;
  transit_calendar: TransitCalendarTable;
  transit_calendar_dates: TransitCalendarDatesTable;
  transit_frequencies: TransitFrequenciesTable;
  transit_transfers: TransitTransfersTable;
  transit_shapes: TransitShapesTable;
  transit_history: TransitHistoryTable;
  transit_places: TransitPlacesTable;
  licence_pins: LicencePinsTable;
  public_files: PublicFilesTable;
  scenic_spots: ScenicSpotsTable;
  aid_policies: AidPoliciesTable;
  saved_visitors: SavedVisitorsTable;
  licence_events: LicenceEventsTable;
  licence_consents: LicenceConsentsTable;
  housing_fund_rates: HousingFundRatesTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type StaffRow = Selectable<StaffTable>;
export type RoleRow = Selectable<RolesTable>;
export type SiteRow = Selectable<SitesTable>;

export interface PartnerEndpointsTable {
  id: Generated<number>;
  site_code: string;
  partner: string;
  base_url: string;
  app_key: string;
  secret_enc: string;
  timeout_ms: number;
  enabled: number;
  updated_at: string;
  updated_by: string;
}

export interface PartnerCallsTable {
  id: Generated<number>;
  partner: string;
  operation: string;
  method: string;
  path: string;
  ok: number;
  code: string;
  latency_ms: number;
  attempt: number;
  request_id: string | null;
  site_code: string | null;
  created_at: string;
}

export interface PaymentOrdersTable {
  id: Generated<number>;
  order_id: string;
  user_id: number;
  /** The purpose (features/payments/purposes.ts): water | gas | medical | … (free text, no migration per purpose). */
  biz: string;
  /** migration 0015 (was account_no): the purpose's reference — 户号, booking code … */
  ref: string;
  /** migration 0015 (was bill_ids): JSON array of what is paid for (bill ids, a slot …), sorted. */
  items: string;
  amount_fen: number;
  subject: string;
  channel: 'wechat' | 'alipay' | 'unionpay';
  status: 'pending' | 'paid' | 'closed' | 'refunded';
  trade_no: string | null;
  pay_url: string | null;
  /** migration 0015 (were writeoff_* / receipt_no): settlement at the purpose's owner (销账, 确认挂号). */
  settle_status: 'none' | 'pending' | 'done';
  settle_attempts: number;
  settle_error: string | null;
  settle_receipt: string | null;
  refund_id: string | null;
  refund_reason: string | null;
  site_code: string;
  created_at: string;
  updated_at: string;
  expires_at: string;
  paid_at: string | null;
  closed_at: string | null;
  refunded_at: string | null;
}

export interface PaymentNotificationsTable {
  id: Generated<number>;
  order_id: string;
  trade_no: string;
  amount_fen: number;
  outcome: string;
  created_at: string;
}

export interface ReconRunsTable {
  id: Generated<number>;
  day: string;
  status: 'balanced' | 'differences' | 'failed';
  gateway_count: number;
  gateway_amount_fen: number;
  local_count: number;
  local_amount_fen: number;
  difference_count: number;
  message: string | null;
  created_by: string;
  created_at: string;
}

export interface ReconDiffsTable {
  id: Generated<number>;
  run_id: number;
  kind: 'missing_local' | 'missing_gateway' | 'amount_mismatch' | 'status_mismatch';
  order_id: string;
  trade_no: string | null;
  local_status: string | null;
  local_amount_fen: number | null;
  gateway_type: string | null;
  gateway_amount_fen: number | null;
}

export interface FilesTable {
  id: string;
  user_id: number;
  mime: string;
  size: number;
  sha256: string;
  created_at: string;
}

export interface ApplicationsTable {
  id: Generated<number>;
  application_no: string;
  user_id: number;
  type: 'water' | 'power' | 'gas';
  title: string;
  status: 'draft' | 'submitted' | 'processing' | 'completed' | 'rejected';
  form_enc: string;
  attachments: string;
  install_no: string | null;
  steps: string;
  last_error: string | null;
  site_code: string;
  created_at: string;
  submitted_at: string | null;
  updated_at: string;
}

/** `applications` renamed by migration 0012; case_id is where each row went in `cases`. */
export interface ApplicationsLegacyTable extends ApplicationsTable {
  case_id: number | null;
}

// ---- durable counters (0005, issue 8), jobs and visit rollups (0007, issue 9) ----

/** Table `kv_entries` (migration 0005): the embedded profile's durable counters when there is no Redis. */
export interface KvEntriesTable {
  k: string;
  v: string;
  /** Epoch milliseconds. */
  expires_at: number;
}

/** Table `jobs` (migration 0007). Times are epoch milliseconds; MySQL returns BIGINT as a string. */
export interface JobsTable {
  id: Generated<number>;
  name: string;
  job_key: string;
  payload: string;
  status: JobStatus;
  run_at: number;
  every_ms: number | null;
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: number;
  last_started_at: number | null;
  last_finished_at: number | null;
  last_error: string | null;
  runs: number;
  failures: number;
  // ---- migration 0010: one-off jobs started from the console ----
  /** Who started it; only they may read its status and result. */
  owner_staff_id: number | null;
  /** The site they acted for when they started it. */
  owner_site: string | null;
  /** 1: `job_key` is unique only while the job is pending or running (released when it ends). */
  active_key: number;
  progress_done: number;
  progress_total: number;
  /** The last progress or failure message, in Chinese, as the console shows it. */
  message: string | null;
  /** JSON the handler returned. */
  result: string | null;
  /** Epoch ms after which the result (and any file it names) is swept. */
  result_expires_at: number | null;
}
export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

/** Tables `visit_rollups` / `visit_rollup_state` (migration 0007): 访问统计's daily rollups and the fold watermark. */
export interface VisitRollupsTable {
  day: string;
  site_code: string;
  type: string;
  ref: string;
  pv: number;
  hll: Buffer;
}
export interface VisitRollupStateTable {
  name: string;
  last_id: number;
}

/** Table `content_changes` (migration 0009): the change feed the search index patches itself from. `at` is epoch ms. */
export interface ContentChangesTable {
  id: Generated<number>;
  kind: ContentChangeKind;
  ref_id: number;
  at: number;
}
/** 'all': a change made outside the feed (SearchIndexService.invalidate): every instance rebuilds. */
export type ContentChangeKind = 'app' | 'item' | 'news' | 'department' | 'all';

// ---- migration 0011: the applications engine (forms, cases, workflows, ratings, files, documents) ----
export interface FormDefsTable {
  id: Generated<number>;
  code: string;
  site_code: string;
  title: string;
  description: string | null;
  workflow_code: string;
  item_id: number | null;
  department_id: number | null;
  status: 'online' | 'offline';
  /** JSON FormField[] the designer has not published yet; null when there is none. */
  draft_fields: string | null;
  latest_version: number;
  updated_at: string;
  updated_by: string;
}
export interface FormVersionsTable {
  id: Generated<number>;
  form_code: string;
  site_code: string;
  version: number;
  title: string;
  /** JSON FormField[] */
  fields: string;
  note: string | null;
  created_at: string;
  created_by: string;
}
export interface WorkflowsTable {
  id: Generated<number>;
  code: string;
  site_code: string;
  version: number;
  name: string;
  /** JSON WorkflowDefinition */
  definition: string;
  note: string | null;
  created_at: string;
  created_by: string;
}
export interface CasesTable {
  id: Generated<number>;
  case_no: string;
  user_id: number;
  site_code: string;
  kind: string;
  title: string;
  status: 'draft' | 'submitted' | 'accepted' | 'supplement' | 'completed' | 'rejected' | 'withdrawn';
  form_code: string;
  form_site: string;
  form_version: number;
  workflow_code: string;
  workflow_site: string;
  workflow_version: number;
  step_index: Generated<number>;
  step_key: string | null;
  data_enc: string;
  applicant_masked: Generated<string>;
  applicant_name_bidx: string | null;
  applicant_id_bidx: string | null;
  applicant_phone_bidx: string | null;
  department_id: number | null;
  parent_id: number | null;
  part_code: string | null;
  assignee_id: number | null;
  deadline_at: string | null;
  used_days: Generated<number>;
  clock_started_at: string | null;
  overdue: Generated<number>;
  supplement: string | null;
  result: string | null;
  document_id: string | null;
  handoff: Generated<'none' | 'pending' | 'sent' | 'done' | 'failed'>;
  handoff_attempts: Generated<number>;
  partner_ref: string | null;
  version: Generated<number>;
  last_actor: string | null;
  created_at: string;
  submitted_at: string | null;
  accepted_at: string | null;
  completed_at: string | null;
  updated_at: string;
}
export interface CaseEventsTable {
  id: Generated<number>;
  case_id: number;
  action: string;
  from_status: string | null;
  to_status: string | null;
  step_name: string | null;
  actor_type: 'citizen' | 'staff' | 'system' | 'partner';
  actor_id: number | null;
  actor_name: string | null;
  comment: string | null;
  detail: string | null;
  created_at: string;
}
export interface CaseRatingsTable {
  id: Generated<number>;
  case_id: number;
  user_id: number;
  round: number;
  level: number;
  aspects: Generated<string>;
  comment: string | null;
  site_code: string;
  form_code: string;
  department_id: number | null;
  created_at: string;
}
export interface RectificationsTable {
  id: Generated<number>;
  case_id: number;
  rating_id: number;
  site_code: string;
  department_id: number | null;
  status: 'open' | 'answered';
  deadline_at: string;
  answer: string | null;
  answered_by: string | null;
  answered_at: string | null;
  created_at: string;
}
export interface FileLinksTable {
  file_id: string;
  owner_type: string;
  owner_id: string;
  created_at: string;
}
export interface DocumentsTable {
  id: string;
  doc_no: string;
  kind: string;
  title: string;
  user_id: number | null;
  case_id: number | null;
  holder_masked: string;
  payload: string;
  signature: string;
  key_id: string;
  file_id: string;
  issued_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

// ---- migration 0013: 互动 (咨询 / 建议 / 投诉), 常见问题, 答复模板 ----
export interface InteractionsTable {
  case_id: number;
  type: 'consult' | 'suggest' | 'complain';
  site_code: string;
  department_id: number | null;
  month: string;
  want_public: number;
  publish_state: 'none' | 'published' | 'withdrawn';
  public_title: string | null;
  public_content: string | null;
  public_reply: string | null;
  published_at: string | null;
  reply: string | null;
  reply_department_id: number | null;
  replied_at: string | null;
  reply_seconds: number | null;
  reply_count: number;
  reply_unread: number;
  followup_enc: string | null;
  followup_at: string | null;
  escalated_at: string | null;
  submitted_at: string;
  updated_at: string;
}

export interface FaqsTable {
  id: Generated<number>;
  site_code: string;
  category: string;
  question: string;
  answer: string;
  question_py: string;
  question_ini: string;
  sort: number;
  published: number;
  source_case_id: number | null;
  views: number;
  created_at: string;
  updated_at: string;
  updated_by: string;
}

export interface ReplyTemplatesTable {
  id: Generated<number>;
  site_code: string;
  department_id: number | null;
  title: string;
  body: string;
  created_at: string;
  updated_at: string;
  updated_by: string;
}

// ---- migration 0014: the bookings core, 就诊人 ----
export type BookingStatus = 'held' | 'confirmed' | 'cancelled' | 'expired';
export interface BookingsTable {
  id: Generated<number>;
  code: string;
  user_id: number;
  kind: string;
  owner: 'local' | 'partner';
  resource_ref: string;
  ref_id: number | null;
  partner_ref: string | null;
  status: BookingStatus;
  hold_expires_at: string | null;
  order_id: string | null;
  amount_fen: Generated<number>;
  refund_status: Generated<'none' | 'pending' | 'done'>;
  title: string;
  place: Generated<string>;
  starts_at: string;
  ends_at: string | null;
  subject_name: string | null;
  subject_id: number | null;
  detail: Generated<string>;
  site_code: string;
  created_at: string;
  updated_at: string;
  confirmed_at: string | null;
  cancelled_at: string | null;
  /** issue 15: the day-before reminder went out. */
  reminded_at: Generated<string | null>;
}
export type BookingRow = Selectable<BookingsTable>;

export interface PatientsTable {
  id: Generated<number>;
  user_id: number;
  name_enc: string;
  id_number_enc: string;
  id_hash: string;
  phone_enc: string;
  relation: 'spouse' | 'child' | 'parent' | 'other';
  created_at: string;
}
export type PatientRow = Selectable<PatientsTable>;

// ---- migration 0017: 公共交通 ----
export type TransitFeedStatus = 'importing' | 'active' | 'replaced' | 'failed';
export interface TransitFeedsTable {
  id: Generated<number>;
  site_code: string;
  status: TransitFeedStatus;
  file_name: string;
  agency_name: Generated<string>;
  start_date: string | null;
  end_date: string | null;
  stops: Generated<number>;
  routes: Generated<number>;
  trips: Generated<number>;
  stop_times: Generated<number>;
  /** JSON GtfsProblem[] */
  warnings: string;
  errors: string;
  created_by: string;
  created_at: string;
  activated_at: string | null;
}
export interface TransitAgenciesTable {
  feed_id: number;
  agency_id: string;
  name: string;
  url: Generated<string>;
  timezone: string;
  phone: Generated<string>;
}
export interface TransitStopsTable {
  feed_id: number;
  stop_id: string;
  code: Generated<string>;
  name: string;
  lat: number;
  lng: number;
  location_type: Generated<number>;
  parent_station: string | null;
}
export interface TransitRoutesTable {
  feed_id: number;
  route_id: string;
  agency_id: Generated<string>;
  short_name: Generated<string>;
  long_name: Generated<string>;
  route_type: number;
  color: string | null;
  text_color: string | null;
  sort_order: number | null;
}
export interface TransitTripsTable {
  feed_id: number;
  trip_id: string;
  route_id: string;
  service_id: string;
  headsign: Generated<string>;
  direction_id: number | null;
  shape_id: string | null;
  block_id: string | null;
}
export interface TransitStopTimesTable {
  feed_id: number;
  trip_id: string;
  stop_sequence: number;
  stop_id: string;
  arrival_s: number;
  departure_s: number;
  pickup_type: Generated<number>;
  drop_off_type: Generated<number>;
  dist: number | null;
}
export interface TransitCalendarTable {
  feed_id: number;
  service_id: string;
  /** bit 0 = Monday … bit 6 = Sunday */
  days: number;
  start_date: string;
  end_date: string;
}
export interface TransitCalendarDatesTable {
  feed_id: number;
  service_id: string;
  date: string;
  exception_type: number;
}
export interface TransitFrequenciesTable {
  feed_id: number;
  trip_id: string;
  start_s: number;
  end_s: number;
  headway_s: number;
  exact_times: Generated<number>;
}
export interface TransitTransfersTable {
  id: Generated<number>;
  feed_id: number;
  from_stop_id: string;
  to_stop_id: string;
  transfer_type: number;
  min_transfer_time: number | null;
}
export interface TransitShapesTable {
  feed_id: number;
  shape_id: string;
  /** JSON [[lat, lng], …] */
  points: string;
}
export interface TransitHistoryTable {
  id: Generated<number>;
  user_id: number | null;
  device_id: string | null;
  site_code: string;
  kind: string;
  ref: string;
  title: string;
  subtitle: Generated<string>;
  viewed_at: string;
}
export interface TransitPlacesTable {
  id: Generated<number>;
  site_code: string;
  name: string;
  address: Generated<string>;
  lat: number;
  lng: number;
  keywords: Generated<string>;
}

export interface LicencePinsTable {
  user_id: number;
  pin_hash: string;
  failed_count: Generated<number>;
  locked_until: string | null;
  set_at: string;
}

export interface LicenceEventsTable {
  id: Generated<number>;
  user_id: number;
  licence_key: string;
  kind: 'show' | 'check';
  show_id: string;
  result: Generated<string>;
  checker: Generated<string>;
  checker_user_id: number | null;
  expires_at: string | null;
  created_at: string;
}

export interface LicenceConsentsTable {
  user_id: number;
  form_code: string;
  created_at: string;
}

export interface HousingFundRatesTable {
  id: Generated<number>;
  site_code: string;
  kind: 'fund' | 'commercial' | 'deposit';
  term_label: string;
  min_years: Generated<number>;
  max_years: Generated<number>;
  rate_bp: number;
  effective_from: string;
  sort: Generated<number>;
  updated_by: Generated<string>;
  updated_at: string;
}

// ---- issue 15: 旅游 / 文体教育 ----

export interface PublicFilesTable {
  id: string;
  site_code: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  blob_id: string;
  uploaded_by: Generated<string>;
  created_at: string;
  deleted_at: string | null;
}
export type PublicFileRow = Selectable<PublicFilesTable>;

export interface ScenicSpotsTable {
  id: Generated<number>;
  site_code: string;
  name: string;
  name_pinyin: Generated<string>;
  name_initials: Generated<string>;
  county: string;
  level: Generated<string>;
  summary: Generated<string>;
  intro: string;
  open_hours: Generated<string>;
  tickets: Generated<string>;
  address: Generated<string>;
  phone: Generated<string>;
  lat: number | null;
  lng: number | null;
  /** JSON array of public_files ids */
  photo_file_ids: string;
  partner_resource_id: string | null;
  /** JSON array */
  tags: string;
  sort: Generated<number>;
  published: Generated<number>;
  updated_by: Generated<string>;
  created_at: string;
  updated_at: string;
}
export type ScenicSpotRow = Selectable<ScenicSpotsTable>;

export interface AidPoliciesTable {
  id: Generated<number>;
  site_code: string;
  title: string;
  title_pinyin: Generated<string>;
  title_initials: Generated<string>;
  category: string;
  summary: Generated<string>;
  body: string;
  body_text: string;
  issuer: Generated<string>;
  doc_no: Generated<string>;
  effective_from: string;
  effective_to: string | null;
  /** JSON array of public_files ids */
  attachment_file_ids: string;
  published: Generated<number>;
  updated_by: Generated<string>;
  created_at: string;
  updated_at: string;
}
export type AidPolicyRow = Selectable<AidPoliciesTable>;

export interface SavedVisitorsTable {
  id: Generated<number>;
  user_id: number;
  name_enc: string;
  id_number_enc: string;
  id_hash: string;
  created_at: string;
}
export type SavedVisitorRow = Selectable<SavedVisitorsTable>;
