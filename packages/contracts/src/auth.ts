import { Type, type Static } from '@sinclair/typebox';
import { PHONE_PATTERN, PASSWORD_MAX } from './validators.js';

const Phone = Type.String({ pattern: PHONE_PATTERN, description: '11位手机号' });
const SmsCode = Type.String({ pattern: '^\\d{6}$', description: '6位短信验证码' });
const Password = Type.String({ minLength: 1, maxLength: PASSWORD_MAX });

export const SmsPurpose = Type.Union(
  [Type.Literal('register'), Type.Literal('login'), Type.Literal('reset'), Type.Literal('deregister')],
  { description: 'register 注册 | login 登录 | reset 找回密码 | deregister 注销账号' },
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
  name: Type.String({ minLength: 2, maxLength: 30 }),
  idNumber: Type.String({ minLength: 1, maxLength: 18 }),
});
export const UpdateProfileRequest = Type.Object({
  username: Type.Optional(Type.Union([Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{3,19}$' }), Type.Null()])),
  email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 100 }), Type.Null()])),
});
export const UserEnvelope = Type.Object({ user: UserView });

export const OAuthProviderView = Type.Object({ code: Type.String(), name: Type.String() });
export const OAuthStartResponse = Type.Object({ authorizeUrl: Type.String() });

export const SmsOutboxItem = Type.Object({
  phone: Type.String(),
  text: Type.String(),
  code: Type.Union([Type.String(), Type.Null()]),
  sentAt: Type.String(),
});
