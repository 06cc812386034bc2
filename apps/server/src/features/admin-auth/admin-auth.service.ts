/**
 * Console sign-in (等保 2.0 §8.1.4.1 身份鉴别): password + TOTP, lockout after repeated failures,
 * forced change of the initial password, server-side sessions. Every attempt is audited.
 */
import { randomBytes } from 'node:crypto';
import { validatePassword, type AdminLoginResponse, type OtpStartResponse } from '@dz/contracts';
import type { AppContext } from '../../infra/context.js';
import { AppError, badRequest, conflict, describeWait, locked, tooMany } from '../../infra/errors.js';
import type { SessionMeta } from '../../infra/sessions.js';
import { isoIn, nowIso } from '../../infra/time.js';
import type { StaffRow } from '../../db/schema.js';
import type { SitesService } from '../sites/sites.service.js';
import { StaffRepository } from '../staff/staff.repository.js';
import { toStaffViews } from '../staff/staff.view.js';
import { base32Decode, base32Encode, otpauthUrl, verifyTotp } from './totp.js';
import { StaffAuditor, type Actor } from './staff-guard.js';

export const MAX_FAILURES = 5;
export const LOCK_MS = 15 * 60_000;
export const OTP_ISSUER = '天府通办达州';
const OTP_VERIFY_MAX = 5;

export interface LoginInput {
  username: string;
  password: string;
  otp?: string | undefined;
}

export interface RequestMeta extends SessionMeta {
  ip: string | null;
  requestId: string;
}

export class AdminAuthService {
  private dummyHash: Promise<string> | null = null;
  private readonly auditor: StaffAuditor;

  constructor(
    private readonly ctx: AppContext,
    private readonly sites: SitesService,
  ) {
    this.auditor = new StaffAuditor(ctx.audit);
  }

  private repo() {
    return new StaffRepository(this.ctx.db);
  }

  async view(row: StaffRow): Promise<AdminLoginResponse> {
    const repo = this.repo();
    const [staff] = await toStaffViews([row], await repo.rolesOf([row.id]), { sites: this.sites, gm: this.ctx.gm, departmentName: (id) => repo.departmentName(id) });
    return { staff: staff!, mustChangePassword: staff!.mustChangePassword, otpEnrolled: staff!.otpEnrolled };
  }

  async viewById(id: number): Promise<AdminLoginResponse> {
    const row = await this.repo().findById(id);
    if (!row) throw new AppError(401, 'UNAUTHENTICATED', '账号不存在，请重新登录');
    return this.view(row);
  }

  private auditLogin(meta: RequestMeta, who: { id: number | null; username: string; siteCode: string | null }, result: 'ok' | 'denied' | 'failed', summary: string) {
    return this.ctx.audit.record({
      actorType: 'staff',
      actorId: who.id,
      actorName: who.username.slice(0, 50),
      siteCode: who.siteCode,
      action: 'staff.login',
      objectType: 'staff',
      objectId: who.id,
      summary,
      ip: meta.ip,
      result,
      requestId: meta.requestId,
    });
  }

  /** Counts a failure; the fifth in a row locks the account for 15 minutes. */
  private async fail(row: StaffRow, meta: RequestMeta, why: string, error: AppError): Promise<never> {
    const repo = this.repo();
    const n = await repo.addFailure(row.id);
    const who = { id: row.id, username: row.username, siteCode: row.site_code };
    if (n >= MAX_FAILURES) {
      await repo.lock(row.id, isoIn(LOCK_MS));
      await this.auditLogin(meta, who, 'failed', `${why}，连续失败${MAX_FAILURES}次，账号锁定15分钟`);
      throw locked(`密码或动态验证码连续错误${MAX_FAILURES}次，账号已锁定15分钟，请15分钟后再试`, LOCK_MS / 1000);
    }
    await this.auditLogin(meta, who, 'failed', `${why}（连续第${n}次）`);
    throw error;
  }

  async login(input: LoginInput, meta: RequestMeta): Promise<{ token: string; body: AdminLoginResponse }> {
    const repo = this.repo();
    const username = input.username.trim().toLowerCase();
    const invalid = new AppError(401, 'INVALID_CREDENTIALS', `用户名或密码错误；连续错误${MAX_FAILURES}次将锁定15分钟`);
    const row = await repo.findByUsername(username);
    if (!row) {
      // Same work and the same answer as a wrong password, so response time does not reveal which usernames exist.
      this.dummyHash ??= this.ctx.passwords.hash(randomBytes(16).toString('hex'));
      await this.ctx.passwords.verify(await this.dummyHash, input.password);
      await this.auditLogin(meta, { id: null, username, siteCode: null }, 'failed', '用户名不存在');
      throw invalid;
    }
    const who = { id: row.id, username: row.username, siteCode: row.site_code };

    if (row.locked_until) {
      const left = Date.parse(row.locked_until) - Date.now();
      if (left > 0) {
        await this.auditLogin(meta, who, 'denied', '账号锁定中，拒绝登录');
        throw locked(`账号因连续登录失败已被锁定15分钟，请${describeWait(left / 1000)}后再试，或联系管理员解锁`, Math.ceil(left / 1000));
      }
      await repo.clearFailures(row.id);
    }

    if (!(await this.ctx.passwords.verify(row.password_hash, input.password))) await this.fail(row, meta, '密码错误', invalid);

    // Checked once the password is proven, so the state of an account is not revealed to guessers;
    // before the second factor, so a disabled account does not burn TOTP steps.
    if (row.status !== 'active') {
      await this.auditLogin(meta, who, 'denied', '账号已停用');
      throw new AppError(403, 'ACCOUNT_DISABLED', '账号已停用，请联系本级管理员');
    }

    if (row.otp_secret_enc) {
      if (!input.otp) {
        // Audited, but not counted toward the lockout: the console asks for the code in a second step.
        await this.auditLogin(meta, who, 'failed', '未提供动态验证码');
        throw new AppError(401, 'OTP_REQUIRED', '请输入动态验证码');
      }
      const secret = base32Decode(this.ctx.gm.decrypt(row.otp_secret_enc));
      const step = verifyTotp(secret, input.otp, Date.now(), { lastStep: row.otp_last_step == null ? null : Number(row.otp_last_step) });
      const otpInvalid = new AppError(401, 'OTP_INVALID', '动态验证码不正确或已使用过，请输入验证器上的最新验证码');
      if (step === null || !(await repo.consumeOtpStep(row.id, step))) await this.fail(row, meta, '动态验证码错误或重复使用', otpInvalid);
    }

    await repo.update(row.id, { failed_logins: 0, locked_until: null, last_login_at: nowIso() });
    const { token } = await this.ctx.sessions.create('staff', row.id, meta);
    await this.auditLogin(meta, who, 'ok', row.otp_secret_enc ? '密码 + 动态验证码登录成功' : '密码登录成功（待完成初始设置）');
    return { token, body: await this.viewById(row.id) };
  }

  async logout(actor: Actor | null, token: string): Promise<void> {
    await this.ctx.sessions.destroy('staff', token);
    if (actor) await this.auditor.record(actor, { action: 'staff.logout', siteCode: actor.staff.siteCode, objectType: 'staff', objectId: actor.staff.id, summary: '退出登录' });
  }

  async changePassword(actor: Actor, token: string, oldPassword: string, newPassword: string): Promise<void> {
    const repo = this.repo();
    const row = await repo.findById(actor.staff.id);
    if (!row) throw new AppError(401, 'UNAUTHENTICATED', '账号不存在，请重新登录');
    const target = { action: 'staff.password.change', siteCode: row.site_code, objectType: 'staff', objectId: row.id };
    if (!(await this.ctx.passwords.verify(row.password_hash, oldPassword))) {
      await this.auditor.record(actor, { ...target, summary: '修改密码失败：原密码不正确' }, 'failed');
      throw badRequest('原密码不正确', { oldPassword: '原密码不正确' });
    }
    const phone = this.ctx.gm.decryptNullable(row.phone_enc) ?? undefined;
    // Typing the old password again is the likelier slip, so it is named before the policy.
    if (newPassword === oldPassword) throw badRequest('新密码不能与原密码相同', { newPassword: '新密码不能与原密码相同' });
    // The same rules, username included, that the console's checklist shows (@dz/contracts).
    const policy = validatePassword(newPassword, phone, row.username);
    if (policy) throw badRequest(policy, { newPassword: policy });
    await repo.update(row.id, { password_hash: await this.ctx.passwords.hash(newPassword), must_change_password: 0, updated_at: nowIso() });
    // Whoever else held a session with the old password loses it (API.md: sessions are revocable).
    await this.ctx.sessions.destroyAllFor('staff', row.id, token);
    await this.auditor.record(actor, { ...target, summary: Number(row.must_change_password) === 1 ? '修改初始密码' : '修改密码' });
  }

  async startOtp(actor: Actor): Promise<OtpStartResponse> {
    const repo = this.repo();
    const row = await repo.findById(actor.staff.id);
    if (!row) throw new AppError(401, 'UNAUTHENTICATED', '账号不存在，请重新登录');
    if (row.otp_secret_enc) throw conflict('OTP_ALREADY_ENROLLED', '已绑定动态验证码；如需更换手机，请联系管理员重置后重新绑定');
    const secret = base32Encode(randomBytes(20), false);
    await repo.update(row.id, { otp_pending_enc: this.ctx.gm.encrypt(secret), updated_at: nowIso() });
    await this.auditor.record(actor, { action: 'staff.otp.start', siteCode: row.site_code, objectType: 'staff', objectId: row.id, summary: '生成动态验证码绑定密钥' });
    return { secret, otpauthUrl: otpauthUrl(OTP_ISSUER, row.username, secret) };
  }

  async verifyOtp(actor: Actor, otp: string): Promise<AdminLoginResponse> {
    const repo = this.repo();
    const row = await repo.findById(actor.staff.id);
    if (!row) throw new AppError(401, 'UNAUTHENTICATED', '账号不存在，请重新登录');
    if (row.otp_secret_enc) throw conflict('OTP_ALREADY_ENROLLED', '已绑定动态验证码；如需更换手机，请联系管理员重置后重新绑定');
    if (!row.otp_pending_enc) throw badRequest('请先获取绑定二维码，再输入验证器上的验证码');
    const throttleKey = `admin:otp-verify:${row.id}`;
    const left = await this.ctx.kv.ttl(throttleKey);
    if (Number(await this.ctx.kv.get(throttleKey)) >= OTP_VERIFY_MAX) throw tooMany(`验证码错误次数过多，请${describeWait(left / 1000)}后再试`, Math.ceil(left / 1000));
    const secret = this.ctx.gm.decrypt(row.otp_pending_enc);
    const step = verifyTotp(base32Decode(secret), otp, Date.now());
    const target = { action: 'staff.otp.enrol', siteCode: row.site_code, objectType: 'staff', objectId: row.id };
    if (step === null) {
      await this.ctx.kv.incr(throttleKey, LOCK_MS);
      await this.auditor.record(actor, { ...target, summary: '绑定动态验证码失败：验证码不正确' }, 'failed');
      throw new AppError(400, 'OTP_INVALID', '验证码不正确，请核对验证器上的6位数字，并确认手机时间准确', { fields: { otp: '验证码不正确' } });
    }
    // The step used here is marked consumed, so the same code cannot also open a login.
    await repo.update(row.id, { otp_secret_enc: row.otp_pending_enc, otp_pending_enc: null, otp_last_step: step, updated_at: nowIso() });
    await this.ctx.kv.del(throttleKey);
    await this.auditor.record(actor, { ...target, summary: '绑定动态验证码' });
    return this.viewById(row.id);
  }
}
