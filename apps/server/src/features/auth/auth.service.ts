/**
 * Citizen accounts: registration (个人 / 法人), password and SMS login, password reset.
 *
 * Login failure handling follows 等保 2.0 §8.1.4.1 a/b (登录失败处理): 5 wrong passwords in a row
 * lock the account for 15 minutes, and more than 20 failures from one network within 15 minutes
 * block that network, so neither one account nor many accounts can be guessed at. Unknown accounts
 * answer exactly like wrong passwords (same message, same counters, same argon2 work) so the login
 * form does not reveal which phones are registered.
 */
import { validateCreditCode, validateIdNumber, validatePassword, validatePhone, maskPhone, type RegisterBody, type SmsPurpose } from '@dz/contracts';
import type { UserRow } from '../../db/schema.js';
import type { AppContext } from '../../infra/context.js';
import { AppError, badRequest, conflict, describeWait, locked, tooMany, unauthenticated } from '../../infra/errors.js';
import { isoIn, nowIso } from '../../infra/time.js';
import type { AuditRecord } from '../audit/audit.repository.js';
import type { SmsService } from '../sms/sms.service.js';
import { ipLimitsApply } from '../../infra/ip-limits.js';
import { UsersRepository, isUniqueViolation } from './users.repository.js';

export const LOGIN_RULES = {
  maxFailures: 5,
  lockMinutes: 15,
  ipMaxFailures: 20,
  ipWindowMinutes: 15,
} as const;

export interface RequestMeta {
  ip: string;
  userAgent: string | null;
  requestId: string;
}

export type PasswordCheck = { ok: true } | { ok: false; locked: false; remaining: number } | { ok: false; locked: true; retryAfterSeconds: number; justLocked: boolean };

export const phoneTaken = () => conflict('PHONE_TAKEN', '该手机号已注册，请直接登录或找回密码');
export const usernameTaken = () => conflict('USERNAME_TAKEN', '该用户名已被使用，请换一个');
export const accountNotFound = () => new AppError(404, 'ACCOUNT_NOT_FOUND', '该手机号尚未注册，请先注册');

const lockedMessage = (seconds: number, justLocked: boolean) =>
  `${justLocked ? `密码已连续输错${LOGIN_RULES.maxFailures}次，` : ''}账号已锁定，请${describeWait(seconds)}后再试或使用短信验证码登录/找回密码`;
const invalidCredentials = (remaining: number) =>
  new AppError(401, 'INVALID_CREDENTIALS', `账号或密码错误，还可尝试${remaining}次；连续输错${LOGIN_RULES.maxFailures}次将锁定${LOGIN_RULES.lockMinutes}分钟`);

const NAME_RE = /^[\p{Script=Han}A-Za-z·•.\s]+$/u;

/** A person's name as printed on the ID card: Han characters, Latin letters, the 间隔号 “·”. */
export function checkPersonName(raw: string | undefined, field: string, label: string): string {
  const v = (raw ?? '').trim().replace(/\s+/g, ' ');
  if (!v) throw badRequest(`请填写${label}`, { [field]: `请填写${label}` });
  const len = [...v].length;
  if (len < 2 || len > 30) throw badRequest(`${label}应为2至30个字`, { [field]: `${label}应为2至30个字` });
  if (!NAME_RE.test(v)) throw badRequest(`${label}只能包含汉字、字母和间隔号“·”`, { [field]: `${label}只能包含汉字、字母和间隔号“·”` });
  return v;
}

/** Runs a contracts validator and turns its message into a 400 naming the field. */
export function check(field: string, problem: string | null): void {
  if (problem) throw badRequest(problem, { [field]: problem });
}

export function normalisePhone(raw: string, field = 'phone'): string {
  const p = raw.trim();
  check(field, validatePhone(p));
  return p;
}

export class AuthService {
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly ctx: AppContext,
    private readonly sms: SmsService,
  ) {}

  private get users() {
    return new UsersRepository(this.ctx.db);
  }

  // ---- registration ------------------------------------------------------------------------

  /**
   * Checks run cheapest-first and the SMS code is consumed last, so a typo in the ID number does
   * not cost the citizen their code (and a 60-second wait for a new one).
   */
  async register(body: RegisterBody, meta: RequestMeta): Promise<UserRow> {
    const { gm, passwords } = this.ctx;
    const phone = normalisePhone(body.phone);
    if (await this.users.findByPhoneIdx(gm.blindIndex('phone', phone))) throw phoneTaken();

    let person: { name: string; idNumber: string };
    let corp: { corpName: string; creditCode: string } | null = null;
    if (body.kind === 'person') {
      const name = checkPersonName(body.name, 'name', '姓名');
      const idNumber = (body.idNumber ?? '').trim().toUpperCase();
      check('idNumber', validateIdNumber(idNumber));
      person = { name, idNumber };
    } else {
      const corpName = (body.corpName ?? '').trim();
      if (!corpName) throw badRequest('请填写企业名称', { corpName: '请填写企业名称' });
      if ([...corpName].length < 2) throw badRequest('企业名称至少2个字', { corpName: '企业名称至少2个字' });
      const creditCode = (body.creditCode ?? '').trim().toUpperCase();
      check('creditCode', validateCreditCode(creditCode));
      const legalName = checkPersonName(body.legalName, 'legalName', '法定代表人姓名');
      const legalId = (body.legalIdNumber ?? '').trim().toUpperCase();
      if (!legalId) throw badRequest('请填写法定代表人身份证号', { legalIdNumber: '请填写法定代表人身份证号' });
      const idProblem = validateIdNumber(legalId);
      if (idProblem) throw badRequest(`法定代表人${idProblem}`, { legalIdNumber: idProblem });
      person = { name: legalName, idNumber: legalId };
      corp = { corpName, creditCode };
    }
    check('password', validatePassword(body.password, phone));
    const username = body.username ? body.username.toLowerCase() : null;
    if (username && (await this.users.usernameTaken(username))) throw usernameTaken();
    const email = body.email ? body.email.trim().toLowerCase() : null;

    await this.sms.verifyCode(phone, 'register', body.smsCode);

    const now = nowIso();
    let id: number;
    try {
      id = await this.users.insert({
        kind: body.kind,
        phone_enc: gm.encrypt(phone),
        phone_idx: gm.blindIndex('phone', phone),
        name_enc: gm.encrypt(person.name),
        id_number_enc: gm.encrypt(person.idNumber),
        id_number_idx: gm.blindIndex('id', person.idNumber),
        username,
        email_enc: gm.encryptNullable(email),
        corp_name: corp?.corpName ?? null,
        credit_code_enc: corp ? gm.encrypt(corp.creditCode) : null,
        credit_code_idx: corp ? gm.blindIndex('credit', corp.creditCode) : null,
        password_hash: await passwords.hash(body.password),
        real_name_verified: 0,
        real_name_verified_at: null,
        status: 'active',
        failed_logins: 0,
        locked_until: null,
        created_at: now,
        updated_at: now,
        deleted_at: null,
      });
    } catch (err) {
      // Two registrations raced past the checks above: the unique index decides.
      if (!isUniqueViolation(err)) throw err;
      if (username && (await this.users.usernameTaken(username))) throw usernameTaken();
      throw phoneTaken();
    }
    const user = await this.users.findById(id);
    if (!user) throw new Error('registered user vanished');
    await this.audit(meta, user, 'user.register', 'ok', `${body.kind === 'corp' ? '法人' : '个人'}注册（手机号 ${maskPhone(phone)}）`);
    return user;
  }

  // ---- password check with lockout ----------------------------------------------------------

  private dummy(): Promise<string> {
    this.dummyHash ??= this.ctx.passwords.hash('timing-equaliser-not-a-password');
    return this.dummyHash;
  }

  /**
   * Verifies a password and maintains the per-account failure counter and lock. Used by login and
   * by the confirmations in 我的 (change password, delete account), so guessing is bounded there too.
   */
  async checkPassword(user: UserRow, password: string): Promise<PasswordCheck> {
    const now = nowIso();
    if (user.locked_until && user.locked_until > now) {
      return { ok: false, locked: true, retryAfterSeconds: Math.ceil((Date.parse(user.locked_until) - Date.now()) / 1000), justLocked: false };
    }
    if (user.locked_until) {
      // The lock has run out: the citizen gets a fresh set of tries.
      await this.users.update(user.id, { failed_logins: 0, locked_until: null });
      user.failed_logins = 0;
      user.locked_until = null;
    }
    const good = user.password_hash ? await this.ctx.passwords.verify(user.password_hash, password) : (await this.ctx.passwords.verify(await this.dummy(), password), false);
    if (good) {
      if (user.failed_logins > 0) await this.users.update(user.id, { failed_logins: 0, locked_until: null });
      return { ok: true };
    }
    const failures = await this.users.countFailedLogin(user.id, now);
    if (failures >= LOGIN_RULES.maxFailures) {
      await this.users.update(user.id, { locked_until: isoIn(LOGIN_RULES.lockMinutes * 60_000) });
      return { ok: false, locked: true, retryAfterSeconds: LOGIN_RULES.lockMinutes * 60, justLocked: true };
    }
    return { ok: false, locked: false, remaining: LOGIN_RULES.maxFailures - failures };
  }

  /** The same counters for an account that does not exist, kept in the KV store. */
  private async ghostFailure(account: string): Promise<PasswordCheck> {
    const { kv, gm } = this.ctx;
    const key = gm.mac(`login-ghost:${account.toLowerCase()}`);
    const lockTtl = await kv.ttl(`login:ghostlock:${key}`);
    if (lockTtl > 0) return { ok: false, locked: true, retryAfterSeconds: Math.ceil(lockTtl / 1000), justLocked: false };
    await this.ctx.passwords.verify(await this.dummy(), 'x');
    const n = await kv.incr(`login:ghost:${key}`, 86_400_000);
    if (n >= LOGIN_RULES.maxFailures) {
      await kv.set(`login:ghostlock:${key}`, '1', LOGIN_RULES.lockMinutes * 60_000);
      await kv.del(`login:ghost:${key}`);
      return { ok: false, locked: true, retryAfterSeconds: LOGIN_RULES.lockMinutes * 60, justLocked: true };
    }
    return { ok: false, locked: false, remaining: LOGIN_RULES.maxFailures - n };
  }

  // ---- login -------------------------------------------------------------------------------

  private async findByAccount(account: string): Promise<UserRow | undefined> {
    const a = account.trim();
    if (validatePhone(a) === null) return this.users.findByPhoneIdx(this.ctx.gm.blindIndex('phone', a));
    if (/^[A-Za-z][A-Za-z0-9_]{3,19}$/.test(a)) return this.users.findByUsername(a);
    return undefined;
  }

  async login(account: string, password: string, kind: 'person' | 'corp' | undefined, meta: RequestMeta): Promise<UserRow> {
    const { kv } = this.ctx;
    const limitIp = ipLimitsApply(this.ctx.config, meta.ip);
    const ipKey = `login:ipfail:${meta.ip}`;
    if (limitIp && Number((await kv.get(ipKey)) ?? 0) >= LOGIN_RULES.ipMaxFailures) {
      const wait = Math.max(1, Math.ceil((await kv.ttl(ipKey)) / 1000));
      await this.audit(meta, null, 'user.login', 'denied', '密码登录：当前网络失败次数过多，已暂时拦截');
      throw tooMany(`当前网络登录失败次数过多，请${describeWait(wait)}后再试，或使用短信验证码登录`, wait);
    }

    const user = await this.findByAccount(account);
    const result = user ? await this.checkPassword(user, password) : await this.ghostFailure(account);
    const who = user ? this.accountLabel(user) : '不存在的账号';
    if (!result.ok) {
      if (limitIp) await kv.incr(ipKey, LOGIN_RULES.ipWindowMinutes * 60_000);
      if (result.locked) {
        await this.audit(meta, user ?? null, 'user.login', 'denied', `密码登录：${who}${result.justLocked ? '连续输错，已锁定' : '已锁定'}`);
        throw locked(lockedMessage(result.retryAfterSeconds, result.justLocked), result.retryAfterSeconds);
      }
      await this.audit(meta, user ?? null, 'user.login', 'failed', `密码登录：${who}密码错误`);
      throw invalidCredentials(result.remaining);
    }
    const u = user!;
    if (kind && u.kind !== kind) {
      await this.audit(meta, u, 'user.login', 'failed', `密码登录：${who}登录类型不符`);
      const msg = u.kind === 'corp' ? '该账号为法人账号，请切换到“法人登录”' : '该账号为个人账号，请切换到“个人登录”';
      throw new AppError(400, 'ACCOUNT_KIND_MISMATCH', msg, { fields: { kind: msg } });
    }
    await this.audit(meta, u, 'user.login', 'ok', `密码登录：${who}`);
    return u;
  }

  async loginWithSms(rawPhone: string, smsCode: string, meta: RequestMeta): Promise<UserRow> {
    const phone = normalisePhone(rawPhone);
    const user = await this.users.findByPhoneIdx(this.ctx.gm.blindIndex('phone', phone));
    if (!user) throw accountNotFound();
    try {
      await this.sms.verifyCode(phone, 'login', smsCode);
    } catch (err) {
      await this.audit(meta, user, 'user.login', 'failed', `短信登录：${this.accountLabel(user)}验证码错误`);
      throw err;
    }
    // Owning the phone proves the account: a password lock no longer applies.
    if (user.failed_logins > 0 || user.locked_until) await this.users.update(user.id, { failed_logins: 0, locked_until: null });
    await this.audit(meta, user, 'user.login', 'ok', `短信登录：${this.accountLabel(user)}`);
    return user;
  }

  async resetPassword(rawPhone: string, smsCode: string, newPassword: string, meta: RequestMeta): Promise<void> {
    const phone = normalisePhone(rawPhone);
    const user = await this.users.findByPhoneIdx(this.ctx.gm.blindIndex('phone', phone));
    if (!user) throw accountNotFound();
    check('newPassword', validatePassword(newPassword, phone));
    await this.sms.verifyCode(phone, 'reset', smsCode);
    await this.users.update(user.id, { password_hash: await this.ctx.passwords.hash(newPassword), failed_logins: 0, locked_until: null, updated_at: nowIso() });
    // Whoever knew the old password is logged out everywhere.
    await this.ctx.sessions.destroyAllFor('user', user.id);
    await this.audit(meta, user, 'user.password.reset', 'ok', `找回密码：${this.accountLabel(user)}`);
  }

  async logout(token: string | undefined, meta: RequestMeta): Promise<void> {
    if (!token) return;
    const s = await this.ctx.sessions.touch('user', token);
    await this.ctx.sessions.destroy('user', token);
    if (s) {
      const user = await this.users.findById(s.subjectId);
      await this.audit(meta, user ?? null, 'user.logout', 'ok', '退出登录');
    }
  }

  /** The logged-in citizen, or 401 if the account is gone. */
  async activeUser(id: number | null): Promise<UserRow> {
    if (id == null) throw unauthenticated();
    const user = await this.users.findActiveById(id);
    if (!user) throw unauthenticated('账号不存在或已注销，请重新登录');
    return user;
  }

  verifySms(phone: string, purpose: SmsPurpose, code: string) {
    return this.sms.verifyCode(phone, purpose, code);
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** How an account appears in the audit log: masked phone, never plain personal data. */
  accountLabel(user: UserRow): string {
    const phone = this.ctx.gm.decryptNullable(user.phone_enc);
    return `用户#${user.id}（${phone ? maskPhone(phone) : '无手机号'}）`;
  }

  async audit(meta: RequestMeta, user: UserRow | null, action: string, result: AuditRecord['result'], summary: string): Promise<void> {
    const phone = user ? this.ctx.gm.decryptNullable(user.phone_enc) : null;
    await this.ctx.audit.record({
      actorType: 'user',
      actorId: user?.id ?? null,
      actorName: phone ? maskPhone(phone) : null,
      siteCode: null,
      action,
      objectType: 'user',
      objectId: user?.id ?? null,
      summary,
      ip: meta.ip,
      result,
      requestId: meta.requestId,
    });
  }
}
