/**
 * 我的：个人信息 / 法人信息, 修改密码, 账号注销, 实名认证.
 *
 * Account deletion follows GB/T 35273-2020 §8.5 (注销): the account stops working at once, the
 * personal data in the row is erased (the row itself stays as an anonymous tombstone so foreign
 * keys and the audit trail keep pointing somewhere), and the phone may register again.
 */
import { maskIdNumber, validateIdNumber, validatePassword } from '@dz/contracts';
import type { IdentityVerifyResult } from '@dz/partner-protocol';
import type { UserRow } from '../../db/schema.js';
import type { AppContext } from '../../infra/context.js';
import { AppError, badRequest, conflict, describeWait, locked, partnerUnavailable, tooMany } from '../../infra/errors.js';
import { beijingDay, nowIso } from '../../infra/time.js';
import { checkPersonName, check, usernameTaken, type AuthService, type PasswordCheck, type RequestMeta } from '../auth/auth.service.js';
import { UsersRepository, isUniqueViolation } from '../auth/users.repository.js';
import { SmsRepository } from '../sms/sms.repository.js';
import type { IdentityConnector } from '../../partners/connectors/identity.js';

export const REALNAME_RULES = {
  /** Bounds how often one account may ask the population register (it is not a lookup service). */
  maxPerDay: 5,
  /** ARCHITECTURE rule 8: a partner that is down answers within 3 s. */
  deadlineMs: 3000,
} as const;

const lockedError = (seconds: number) => locked(`密码已连续输错多次，账号已锁定，请${describeWait(seconds)}后再试或使用短信验证码找回密码`, seconds);

/** Rejects with 503 when `p` has not settled within `ms`; the call itself is bounded by its own timeout. */
function withDeadline<T>(p: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

export class MeService {
  constructor(
    private readonly ctx: AppContext,
    private readonly auth: AuthService,
    private readonly identity: IdentityConnector,
  ) {}

  private get users() {
    return new UsersRepository(this.ctx.db);
  }

  get(userId: number | null): Promise<UserRow> {
    return this.auth.activeUser(userId);
  }

  /** The logged-in citizen, or null when nobody is (or the account has since been deleted). */
  async current(userId: number | null): Promise<UserRow | null> {
    if (userId == null) return null;
    return (await this.users.findActiveById(userId)) ?? null;
  }

  /** username: undefined keeps it, null removes it. email likewise. */
  async update(userId: number | null, input: { username?: string | null; email?: string | null }, meta: RequestMeta): Promise<UserRow> {
    const user = await this.auth.activeUser(userId);
    const changes: { username?: string | null; email_enc?: string | null } = {};
    if (input.username !== undefined) {
      const username = input.username ? input.username.toLowerCase() : null;
      if (username && (await this.users.usernameTaken(username, user.id))) throw usernameTaken();
      changes.username = username;
    }
    if (input.email !== undefined) changes.email_enc = this.ctx.gm.encryptNullable(input.email ? input.email.trim().toLowerCase() : null);
    if (Object.keys(changes).length === 0) return user;
    try {
      await this.users.update(user.id, { ...changes, updated_at: nowIso() });
    } catch (err) {
      if (isUniqueViolation(err)) throw usernameTaken();
      throw err;
    }
    await this.auth.audit(meta, user, 'user.profile.update', 'ok', `修改个人信息：${Object.keys(changes).map((k) => (k === 'username' ? '用户名' : '邮箱')).join('、')}`);
    return (await this.users.findActiveById(user.id))!;
  }

  private passwordProblem(result: Exclude<PasswordCheck, { ok: true }>, field: string, label: string): AppError {
    if (result.locked) return lockedError(result.retryAfterSeconds);
    const msg = `${label}不正确，还可尝试${result.remaining}次`;
    return new AppError(400, 'WRONG_PASSWORD', msg, { fields: { [field]: msg } });
  }

  /** Keeps the session that made the change, ends every other one (a thief on another device is out). */
  async changePassword(userId: number | null, oldPassword: string, newPassword: string, meta: RequestMeta, currentToken: string | undefined): Promise<void> {
    const user = await this.auth.activeUser(userId);
    if (!user.password_hash) {
      throw badRequest('您的账号尚未设置密码，请退出后使用“忘记密码”通过短信验证码设置', { oldPassword: '账号尚未设置密码' });
    }
    const phone = this.ctx.gm.decryptNullable(user.phone_enc) ?? undefined;
    check('newPassword', validatePassword(newPassword, phone));
    if (newPassword === oldPassword) throw badRequest('新密码不能与原密码相同', { newPassword: '新密码不能与原密码相同' });
    const result = await this.auth.checkPassword(user, oldPassword);
    if (!result.ok) {
      await this.auth.audit(meta, user, 'user.password.change', result.locked ? 'denied' : 'failed', '修改密码：原密码错误');
      throw this.passwordProblem(result, 'oldPassword', '原密码');
    }
    await this.users.update(user.id, { password_hash: await this.ctx.passwords.hash(newPassword), updated_at: nowIso() });
    await this.ctx.sessions.destroyAllFor('user', user.id, currentToken);
    await this.auth.audit(meta, user, 'user.password.change', 'ok', '修改密码，其他设备已退出登录');
  }

  async deleteAccount(userId: number | null, confirm: { password?: string; smsCode?: string }, meta: RequestMeta): Promise<void> {
    const user = await this.auth.activeUser(userId);
    const phone = this.ctx.gm.decryptNullable(user.phone_enc);
    const label = this.auth.accountLabel(user);
    if (confirm.password) {
      const result = await this.auth.checkPassword(user, confirm.password);
      if (!result.ok) {
        await this.auth.audit(meta, user, 'user.delete', result.locked ? 'denied' : 'failed', `注销账号：${label}密码错误`);
        throw this.passwordProblem(result, 'password', '登录密码');
      }
    } else if (confirm.smsCode) {
      if (!phone) throw badRequest('账号未绑定手机号，请使用登录密码确认注销', { smsCode: '账号未绑定手机号' });
      await this.auth.verifySms(phone, 'deregister', confirm.smsCode);
    } else {
      throw badRequest('请输入登录密码或短信验证码以确认注销', { password: '请输入登录密码或短信验证码' });
    }

    const now = nowIso();
    await this.ctx.db.transaction().execute(async (trx) => {
      await new UsersRepository(trx).update(user.id, {
        phone_enc: null,
        phone_idx: null,
        name_enc: null,
        id_number_enc: null,
        id_number_idx: null,
        username: null,
        email_enc: null,
        corp_name: null,
        credit_code_enc: null,
        credit_code_idx: null,
        password_hash: null,
        real_name_verified: 0,
        real_name_verified_at: null,
        failed_logins: 0,
        locked_until: null,
        status: 'deleted',
        deleted_at: now,
        updated_at: now,
      });
      await new UsersRepository(trx).deleteIdentitiesOf(user.id);
      if (user.phone_idx) await new SmsRepository(trx).purgePhone(user.phone_idx);
    });
    await this.ctx.sessions.destroyAllFor('user', user.id);
    // The pre-deletion row is passed so the audit entry names the (masked) phone that was deleted.
    await this.auth.audit(meta, user, 'user.delete', 'ok', `注销账号：${label}，个人信息已删除`);
  }

  async verifyRealName(userId: number | null, rawName: string, rawIdNumber: string, meta: RequestMeta): Promise<UserRow> {
    const user = await this.auth.activeUser(userId);
    if (user.real_name_verified === 1) throw conflict('ALREADY_VERIFIED', '您已完成实名认证，无需重复认证');
    const name = checkPersonName(rawName, 'name', '姓名');
    const idNumber = rawIdNumber.trim().toUpperCase();
    check('idNumber', validateIdNumber(idNumber));

    const day = beijingDay();
    const triesKey = `realname:${day}:${user.id}`;
    if (Number((await this.ctx.kv.get(triesKey)) ?? 0) >= REALNAME_RULES.maxPerDay) {
      throw tooMany(`今天已尝试实名认证${REALNAME_RULES.maxPerDay}次，请明天再试`, 3600);
    }

    const unavailable = () => partnerUnavailable('实名认证服务暂不可用，请稍后重试');
    let result: IdentityVerifyResult;
    try {
      result = await withDeadline(
        this.identity.verify({ name, idNumber }, { timeoutMs: 2500, requestId: meta.requestId }),
        REALNAME_RULES.deadlineMs,
        unavailable,
      );
    } catch (err) {
      if (err instanceof AppError && err.code === 'PARTNER_REFUSED') result = { match: false };
      else if (err instanceof AppError && err.statusCode === 503) {
        await this.auth.audit(meta, user, 'user.realname', 'failed', '实名认证：认证服务不可用');
        throw unavailable();
      } else throw err;
    }
    // Only answers count towards the daily limit: an outage on the partner's side costs the citizen nothing.
    await this.ctx.kv.incr(triesKey, 86_400_000);
    const summary = `实名认证：${maskIdNumber(idNumber)}`;
    if (!result.match) {
      await this.auth.audit(meta, user, 'user.realname', 'failed', `${summary}，姓名与身份证号不一致`);
      throw new AppError(422, 'REALNAME_MISMATCH', '姓名与身份证号不一致，请核对后重试');
    }
    const { gm } = this.ctx;
    const now = nowIso();
    await this.users.update(user.id, {
      name_enc: gm.encrypt(name),
      id_number_enc: gm.encrypt(idNumber),
      id_number_idx: gm.blindIndex('id', idNumber),
      real_name_verified: 1,
      real_name_verified_at: now,
      updated_at: now,
    });
    await this.auth.audit(meta, user, 'user.realname', 'ok', `${summary}，认证通过`);
    return (await this.users.findActiveById(user.id))!;
  }
}

