import { Type, type Static } from '@sinclair/typebox';

export const PERMISSIONS = {
  'staff:read': '查看工作人员',
  'staff:write': '管理工作人员',
  'role:read': '查看角色',
  'role:write': '管理角色',
  'org:read': '查看组织机构',
  'org:write': '管理组织机构',
  'audit:read': '查看审计日志',
  'user:read': '查看注册用户',
  'content:write': '配置页面与内容',
  'case:handle': '办件受理',
  'case:review': '办件审核',
  /** 办件中心 shows personal data masked; the whole of it (ID numbers, phones) is a separate, audited right. */
  'case:pii': '查看办件完整个人信息',
  /** 互动 (咨询 / 建议 / 投诉): 审核, 转办, 答复, 公开, 答复模板 and 常见问题. */
  'interaction:handle': '互动受理答复',
  /** 督办: overdue 互动 of the site subtree, escalated by the SLA job. */
  'interaction:supervise': '互动督办',
  'partner:manage': '接口管理',
  'payment:manage': '支付订单与对账',
  /**
   * The gateway's endpoint, AppKey and secret move money: whoever holds the secret can sign a
   * "paid" notification. Held apart from 接口管理 and usable only at city or province level.
   */
  'payment:gateway': '支付平台配置',
} as const;
export type Permission = keyof typeof PERMISSIONS;

export const StaffView = Type.Object(
  {
    id: Type.Integer(),
    username: Type.String(),
    displayName: Type.String(),
    phone: Type.Union([Type.String(), Type.Null()], { description: '手机号（脱敏）' }),
    siteCode: Type.String(),
    siteName: Type.String(),
    departmentId: Type.Union([Type.Integer(), Type.Null()]),
    departmentName: Type.Union([Type.String(), Type.Null()]),
    roles: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() })),
    permissions: Type.Array(Type.String()),
    status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
    otpEnrolled: Type.Boolean(),
    mustChangePassword: Type.Boolean(),
    lastLoginAt: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
  },
  { $id: 'StaffView', title: 'StaffView' },
);
export type StaffView = Static<typeof StaffView>;

export const AdminLoginRequest = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 64 }),
  otp: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
});
export const AdminLoginResponse = Type.Object({
  staff: StaffView,
  mustChangePassword: Type.Boolean(),
  otpEnrolled: Type.Boolean(),
});
export const OtpStartResponse = Type.Object({ secret: Type.String(), otpauthUrl: Type.String() });
export const OtpVerifyRequest = Type.Object({ otp: Type.String({ pattern: '^\\d{6}$' }) });

// `Null` comes first in the departmentId unions: the server's Ajv coerces types, and with the
// integer branch first it would turn an explicit null ("no department") into 0.
export const StaffCreateRequest = Type.Object({
  username: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.-]{2,31}$' }),
  displayName: Type.String({ minLength: 2, maxLength: 30 }),
  phone: Type.Optional(Type.String({ pattern: '^1[3-9]\\d{9}$' })),
  siteCode: Type.String({ pattern: '^\\d{6}$' }),
  departmentId: Type.Optional(Type.Union([Type.Null(), Type.Integer()])),
  roleIds: Type.Array(Type.Integer(), { minItems: 1 }),
  password: Type.String({ minLength: 8, maxLength: 64 }),
});
export const StaffUpdateRequest = Type.Object({
  displayName: Type.Optional(Type.String({ minLength: 2, maxLength: 30 })),
  phone: Type.Optional(Type.Union([Type.String({ pattern: '^1[3-9]\\d{9}$' }), Type.Null()])),
  departmentId: Type.Optional(Type.Union([Type.Null(), Type.Integer()])),
  roleIds: Type.Optional(Type.Array(Type.Integer(), { minItems: 1 })),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
});

export const RoleView = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  builtin: Type.Boolean(),
  permissions: Type.Array(Type.String()),
});
export const RoleWriteRequest = Type.Object({
  code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,31}$' }),
  name: Type.String({ minLength: 2, maxLength: 30 }),
  permissions: Type.Array(Type.String()),
});

export const SiteNode = Type.Recursive(
  (This) =>
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      level: Type.Union([Type.Literal('province'), Type.Literal('city'), Type.Literal('county'), Type.Literal('zone')]),
      parentCode: Type.Union([Type.String(), Type.Null()]),
      lat: Type.Union([Type.Number(), Type.Null()]),
      lng: Type.Union([Type.Number(), Type.Null()]),
      children: Type.Array(This),
    }),
  { $id: 'SiteNode' },
);
export type SiteNode = Static<typeof SiteNode>;

export const DepartmentView = Type.Object({
  id: Type.Integer(),
  siteCode: Type.String(),
  name: Type.String(),
  code: Type.String(),
  sort: Type.Integer(),
});
export const DepartmentWriteRequest = Type.Object({
  siteCode: Type.String({ pattern: '^\\d{6}$' }),
  name: Type.String({ minLength: 2, maxLength: 50 }),
  code: Type.String({ pattern: '^[A-Za-z0-9_-]{2,32}$' }),
  sort: Type.Optional(Type.Integer()),
});

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actorType: Type.Union([Type.Literal('staff'), Type.Literal('user'), Type.Literal('system')]),
  actorId: Type.Union([Type.Integer(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  siteCode: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  objectType: Type.Union([Type.String(), Type.Null()]),
  objectId: Type.Union([Type.String(), Type.Null()]),
  summary: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  result: Type.Union([Type.Literal('ok'), Type.Literal('denied'), Type.Literal('failed')]),
  requestId: Type.Union([Type.String(), Type.Null()], { description: '请求编号，便于与服务日志对照' }),
});
export const AuditQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  action: Type.Optional(Type.String()),
  actorName: Type.Optional(Type.String()),
  result: Type.Optional(Type.String()),
  from: Type.Optional(Type.String({ description: 'ISO date' })),
  to: Type.Optional(Type.String({ description: 'ISO date' })),
});

export const Paged = <T extends import('@sinclair/typebox').TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });

// ---- console: organisation, staff, roles, audit (组织授权) -------------------------------------

export type AdminLoginResponse = Static<typeof AdminLoginResponse>;
export type OtpStartResponse = Static<typeof OtpStartResponse>;
export type StaffCreateRequest = Static<typeof StaffCreateRequest>;
export type StaffUpdateRequest = Static<typeof StaffUpdateRequest>;
export type RoleView = Static<typeof RoleView>;
export type RoleWriteRequest = Static<typeof RoleWriteRequest>;
export type DepartmentView = Static<typeof DepartmentView>;
export type DepartmentWriteRequest = Static<typeof DepartmentWriteRequest>;
export type AuditEntry = Static<typeof AuditEntry>;
export type AuditQuery = Static<typeof AuditQuery>;
export interface PagedOf<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** The role code whose holders are not limited by site or permission checks. */
export const SUPER_ADMIN_ROLE = 'super_admin';

/** Error codes specific to the console. */
export const AdminErrorCodes = {
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  OTP_REQUIRED: 'OTP_REQUIRED',
  OTP_INVALID: 'OTP_INVALID',
  OTP_ALREADY_ENROLLED: 'OTP_ALREADY_ENROLLED',
  OTP_NOT_STARTED: 'OTP_NOT_STARTED',
  SETUP_REQUIRED: 'SETUP_REQUIRED',
  ACCOUNT_DISABLED: 'ACCOUNT_DISABLED',
  USERNAME_TAKEN: 'USERNAME_TAKEN',
  ROLE_CODE_TAKEN: 'ROLE_CODE_TAKEN',
  ROLE_IN_USE: 'ROLE_IN_USE',
  ROLE_BUILTIN: 'ROLE_BUILTIN',
  DEPARTMENT_CODE_TAKEN: 'DEPARTMENT_CODE_TAKEN',
  DEPARTMENT_IN_USE: 'DEPARTMENT_IN_USE',
} as const;

export const AdminChangePasswordRequest = Type.Object({
  oldPassword: Type.String({ minLength: 1, maxLength: 64 }),
  newPassword: Type.String({ minLength: 1, maxLength: 64 }),
});

export const PermissionView = Type.Object({ code: Type.String(), name: Type.String({ description: '中文名称' }) });
export type PermissionView = Static<typeof PermissionView>;

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const StaffListQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  siteCode: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '该站点及其下级站点的工作人员' })),
  keyword: Type.Optional(Type.String({ maxLength: 50, description: '用户名、姓名，或完整手机号' })),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
});
export type StaffListQuery = Static<typeof StaffListQuery>;
export const TemporaryPasswordResponse = Type.Object({ temporaryPassword: Type.String({ description: '只显示这一次，请当面或通过安全渠道交给本人' }) });

export const DepartmentListQuery = Type.Object({
  siteCode: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '省略时返回可管理范围内的全部部门' })),
});
export const DepartmentUpdateRequest = Type.Object({
  name: Type.Optional(Type.String({ minLength: 2, maxLength: 50 })),
  code: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{2,32}$' })),
  sort: Type.Optional(Type.Integer()),
});
export type DepartmentUpdateRequest = Static<typeof DepartmentUpdateRequest>;

export const AUDIT_RESULTS = { ok: '成功', denied: '拒绝', failed: '失败' } as const;
