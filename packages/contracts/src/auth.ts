import { Type, type Static } from '@sinclair/typebox';
import { PHONE_PATTERN, PASSWORD_MAX } from './validators.js';

const Phone = Type.String({ pattern: PHONE_PATTERN, description: '11位手机号' });
const SmsCode = Type.String({ pattern: '^\\d{6}$', description: '6位短信验证码' });
const Password = Type.String({ minLength: 1, maxLength: PASSWORD_MAX });

export const SmsPurpose = Type.Union(
  [Type.Literal('register'), Type.Literal('login'), Type.Literal('reset'), Type.Literal('deregister'), Type.Literal('licence-pin')],
  { description: 'register 注册 | login 登录 | reset 找回密码 | deregister 注销账号 | licence-pin 设置亮证密码' },
);
export type SmsPurpose = Static<typeof SmsPurpose>;

export const SmsCodeRequest = Type.Object({ phone: Phone, purpose: SmsPurpose });
export type SmsCodeRequest = Static<typeof SmsCodeRequest>;
export const SmsCodeResponse = Type.Object({ sent: Type.Boolean(), retryAfterSeconds: Type.Integer(), expiresInSeconds: Type.Integer() });

export const RegisterPerson = Type.Object({
  kind: Type.Literal('person'),
  phone: Phone,
  smsCode: SmsCode,
  password: Password,
  name: Type.String({ minLength: 2, maxLength: 30 }),
  idNumber: Type.String({ minLength: 1, maxLength: 18 }),
  username: Type.Optional(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{3,19}$' })),
  email: Type.Optional(Type.String({ format: 'email', maxLength: 100 })),
});
export const RegisterCorp = Type.Object({
  kind: Type.Literal('corp'),
  phone: Phone,
  smsCode: SmsCode,
  password: Password,
  corpName: Type.String({ minLength: 2, maxLength: 100 }),
  creditCode: Type.String({ minLength: 1, maxLength: 18 }),
  legalName: Type.String({ minLength: 2, maxLength: 30 }),
  legalIdNumber: Type.String({ minLength: 1, maxLength: 18 }),
  username: Type.Optional(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{3,19}$' })),
  email: Type.Optional(Type.String({ format: 'email', maxLength: 100 })),
});
export const RegisterRequest = Type.Union([RegisterPerson, RegisterCorp]);
export type RegisterRequest = Static<typeof RegisterRequest>;

/** What the API says about the logged-in citizen: personal data is always masked. */
export const UserView = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.Union([Type.Literal('person'), Type.Literal('corp')]),
    name: Type.String({ description: '姓名（脱敏）；法人用户为法定代表人姓名（脱敏）' }),
    phone: Type.String({ description: '手机号（脱敏）' }),
    idNumber: Type.Union([Type.String(), Type.Null()], { description: '身份证号（脱敏）' }),
    username: Type.Union([Type.String(), Type.Null()]),
    email: Type.Union([Type.String(), Type.Null()]),
    realNameVerified: Type.Boolean(),
    hasPassword: Type.Boolean({ description: '三方登录创建的账号尚未设置密码' }),
    realNameVerifiedAt: Type.Union([Type.String(), Type.Null()]),
    corpName: Type.Union([Type.String(), Type.Null()]),
    creditCode: Type.Union([Type.String(), Type.Null()], { description: '统一社会信用代码（脱敏）' }),
    createdAt: Type.String(),
  },
  { $id: 'UserView', title: 'UserView' },
);
export type UserView = Static<typeof UserView>;

export const LoginRequest = Type.Object({
  account: Type.String({ minLength: 1, maxLength: 64, description: '手机号或用户名' }),
  password: Password,
  kind: Type.Optional(Type.Union([Type.Literal('person'), Type.Literal('corp')], { description: '个人登录 / 法人登录；省略时不限' })),
});
export const SmsLoginRequest = Type.Object({ phone: Phone, smsCode: SmsCode });
export const ResetPasswordRequest = Type.Object({ phone: Phone, smsCode: SmsCode, newPassword: Password });
export const ChangePasswordRequest = Type.Object({ oldPassword: Password, newPassword: Password });
export const DeleteAccountRequest = Type.Object({
  password: Type.Optional(Password),
  smsCode: Type.Optional(SmsCode),
});
export const RealNameRequest = Type.Object({
  name: Type.String({ minLength: 2, maxLength: 30, title: '姓名' }),
  idNumber: Type.String({ minLength: 1, maxLength: 18 }),
});
export const UpdateProfileRequest = Type.Object({
  username: Type.Optional(Type.Union([Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{3,19}$' }), Type.Null()])),
  email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 100 }), Type.Null()])),
});
export const UserEnvelope = Type.Object({ user: UserView });
/** GET /api/auth/session: who is logged in, without a 401 for "nobody" (the app asks on every start). */
export const SessionResponse = Type.Object({ user: Type.Union([UserView, Type.Null()]) });
export type SessionResponse = Static<typeof SessionResponse>;

export const OAuthProviderView = Type.Object({ code: Type.String(), name: Type.String() });
export const OAuthStartResponse = Type.Object({ authorizeUrl: Type.String() });

export const SmsOutboxItem = Type.Object({
  phone: Type.String(),
  text: Type.String(),
  code: Type.Union([Type.String(), Type.Null()]),
  sentAt: Type.String(),
});

// ---- request shapes the server validates field by field (added with the citizen-account API) ----

/** Fields that have a dedicated validator in validators.ts are plain strings here, so the user
 * sees the validator's precise message (e.g. “身份证号校验位不正确”) instead of a generic pattern error. */
const Loose = (maxLength: number, description: string) => Type.String({ maxLength, description });

/**
 * POST /api/auth/register. One object for both kinds: ajv's removeAdditional cannot strip
 * properties correctly inside a union, so the server checks the per-kind required fields itself.
 */
export const RegisterBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('person'), Type.Literal('corp')], { description: 'person 个人注册 | corp 法人注册' }),
    phone: Loose(20, '11位手机号'),
    smsCode: Loose(10, '6位短信验证码（purpose=register）'),
    password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX, description: '至少8位，含大写字母、小写字母、数字、符号中的三类，不含手机号' }),
    name: Type.Optional(Type.String({ maxLength: 30, title: '姓名', description: '个人注册必填：姓名' })),
    idNumber: Type.Optional(Loose(32, '个人注册必填：18位居民身份证号')),
    corpName: Type.Optional(Type.String({ maxLength: 100, description: '法人注册必填：企业名称' })),
    creditCode: Type.Optional(Loose(32, '法人注册必填：18位统一社会信用代码')),
    legalName: Type.Optional(Type.String({ maxLength: 30, description: '法人注册必填：法定代表人姓名' })),
    legalIdNumber: Type.Optional(Loose(32, '法人注册必填：法定代表人身份证号')),
    username: Type.Optional(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{3,19}$', description: '可选：字母开头，4至20位字母、数字或下划线' })),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 100 })),
  },
  {
    description:
      '个人注册 { kind:"person", phone, smsCode, password, name, idNumber }；法人注册 { kind:"corp", phone, smsCode, password, corpName, creditCode, legalName, legalIdNumber }。username、email 可选。',
  },
);
export type RegisterBody = Static<typeof RegisterBody>;

export const OkResponse = Type.Object({ ok: Type.Literal(true) });

export const SmsOutboxQuery = Type.Object({ phone: Phone });

export const OAuthStartQuery = Type.Object({
  returnTo: Type.Optional(Type.String({ maxLength: 500, description: '登录后回到的站内路径，必须以 / 开头' })),
});
export const OAuthCallbackQuery = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 512 })),
  state: Type.Optional(Type.String({ maxLength: 128 })),
  error: Type.Optional(Type.String({ maxLength: 128 })),
  error_description: Type.Optional(Type.String({ maxLength: 500 })),
});
export const OAuthProviderParams = Type.Object({ provider: Type.String({ pattern: '^[a-z0-9_-]{1,32}$' }) });

/** What the identity provider's userinfo endpoint returns (the sandbox and 天府通办 统一身份认证). */
export const OAuthUserInfo = Type.Object({
  sub: Type.String(),
  name: Type.Optional(Type.String()),
  idNumber: Type.Optional(Type.String()),
  phone: Type.Optional(Type.String()),
});
export type OAuthUserInfo = Static<typeof OAuthUserInfo>;

/** POST {partners}/v1/identity/verify (partner protocol): does the name belong to the ID number? */
export const IdentityVerifyRequest = Type.Object({ name: Type.String(), idNumber: Type.String() });
export const IdentityVerifyResult = Type.Object({ match: Type.Boolean() });
export type IdentityVerifyResult = Static<typeof IdentityVerifyResult>;
