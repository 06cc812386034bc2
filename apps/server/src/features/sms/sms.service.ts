/**
 * One-time SMS codes for register / login / reset / deregister / licence-pin (亮证密码).
 *
 * Codes are 6 random digits (crypto.randomInt), valid 5 minutes, single use, and stored only as a
 * keyed HMAC-SM3 digest (等保 2.0 §8.1.4.8: 鉴别信息 are not kept in plain text). Only the newest
 * code per phone and purpose counts, a code dies after 5 wrong tries, and sending is throttled per
 * phone (one pending code per 60 s, 10 a day) and per client IP (10 a day) so the endpoint cannot be used to bomb a
 * phone or to run up the operator's SMS bill.
 */
import { randomInt } from 'node:crypto';
import { validatePhone, type SmsPurpose } from '@dz/contracts';
import type { AppContext } from '../../infra/context.js';
import { AppError, badRequest, partnerUnavailable, tooMany } from '../../infra/errors.js';
import { isoIn, nowIso } from '../../infra/time.js';
import { ipLimitsApply } from '../../infra/ip-limits.js';
import { UsersRepository } from '../auth/users.repository.js';
import { HttpGateway, OutboxGateway, type SmsGateway } from './sms-gateway.js';
import { SmsRepository } from './sms.repository.js';

export const SMS_RULES = {
  codeTtlSeconds: 300,
  resendSeconds: 60,
  maxPerPhonePerDay: 10,
  maxPerIpPerDay: 10,
  maxAttempts: 5,
} as const;

const PURPOSE_LABEL: Record<SmsPurpose, string> = {
  register: '注册账号',
  login: '登录',
  reset: '找回密码',
  deregister: '注销账号',
  'licence-pin': '设置亮证密码',
};

const BEIJING_OFFSET_MS = 8 * 3600_000;

/** The calendar day in China Standard Time (UTC+8, no DST): daily limits reset at local midnight. */
function beijingDay(now = Date.now()): { key: string; msLeft: number } {
  const local = now + BEIJING_OFFSET_MS;
  const key = new Date(local).toISOString().slice(0, 10);
  const msLeft = 86_400_000 - (local % 86_400_000);
  return { key, msLeft };
}

export const smsCodeInvalid = (message: string) => new AppError(400, 'SMS_CODE_INVALID', message, { fields: { smsCode: message } });
export const smsCodeExpired = () => new AppError(400, 'SMS_CODE_EXPIRED', '验证码已过期，请重新获取', { fields: { smsCode: '验证码已过期，请重新获取' } });

export function createGateway(ctx: AppContext): SmsGateway {
  if (ctx.config.smsGateway === 'http') {
    if (!ctx.config.smsHttpUrl) throw new Error('SMS_GATEWAY=http 需要设置 SMS_HTTP_URL');
    return new HttpGateway(ctx.config.smsHttpUrl, 3000);
  }
  return new OutboxGateway(ctx.db, ctx.gm);
}

export class SmsService {
  private lastSweep = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly gateway: SmsGateway,
    private readonly log?: { warn(obj: object, msg: string): void },
  ) {}

  private normalise(phone: string): string {
    const p = phone.trim();
    const problem = validatePhone(p);
    if (problem) throw badRequest(problem, { phone: problem });
    return p;
  }

  async requestCode(rawPhone: string, purpose: SmsPurpose, ip: string): Promise<{ sent: true; retryAfterSeconds: number; expiresInSeconds: number }> {
    const { kv, gm, db } = this.ctx;
    const phone = this.normalise(rawPhone);
    const phoneIdx = gm.blindIndex('phone', phone);

    const registered = await new UsersRepository(db).findByPhoneIdx(phoneIdx);
    if (purpose === 'register' && registered) throw new AppError(409, 'PHONE_TAKEN', '该手机号已注册，请直接登录或找回密码');
    if (purpose !== 'register' && !registered) throw new AppError(404, 'ACCOUNT_NOT_FOUND', '该手机号尚未注册，请先注册');

    // Daily limits are checked before anything is consumed, so a refused request costs nothing.
    const day = beijingDay();
    const phoneDayKey = `sms:day:phone:${day.key}:${phoneIdx}`;
    const ipDayKey = `sms:day:ip:${day.key}:${ip}`;
    const untilMidnight = Math.ceil(day.msLeft / 1000);
    if (Number((await kv.get(phoneDayKey)) ?? 0) >= SMS_RULES.maxPerPhonePerDay) {
      throw tooMany(`该手机号今天获取验证码已达${SMS_RULES.maxPerPhonePerDay}次上限，请明天再试；已有账号可使用密码登录`, untilMidnight);
    }
    const limitIp = ipLimitsApply(this.ctx.config, ip);
    if (limitIp && Number((await kv.get(ipDayKey)) ?? 0) >= SMS_RULES.maxPerIpPerDay) {
      throw tooMany(`当前网络今天获取验证码已达${SMS_RULES.maxPerIpPerDay}次上限，请明天再试或更换网络`, untilMidnight);
    }

    // setIfAbsent is atomic, so two parallel requests for one phone cannot both pass.
    const resendKey = `sms:resend:${phoneIdx}`;
    if (!(await kv.setIfAbsent(resendKey, '1', SMS_RULES.resendSeconds * 1000))) {
      const wait = Math.max(1, Math.ceil((await kv.ttl(resendKey)) / 1000));
      throw tooMany(`验证码已发送，请${wait}秒后再重新获取`, wait);
    }

    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const repo = new SmsRepository(db);
    const id = await repo.insertCode({ phoneIdx, purpose, codeHash: gm.mac(code), expiresAt: isoIn(SMS_RULES.codeTtlSeconds * 1000), createdAt: nowIso() });
    const text = `【天府通办·达州】您的验证码为${code}，用于${PURPOSE_LABEL[purpose]}，${SMS_RULES.codeTtlSeconds / 60}分钟内有效。请勿告诉他人，如非本人操作请忽略。`;
    try {
      await this.gateway.send(phone, text, code);
    } catch (err) {
      // Not delivered: the code must not stay valid and the user may retry at once.
      await repo.deleteCode(id);
      await kv.del(resendKey);
      this.log?.warn({ err: (err as Error).message }, 'sms gateway failed');
      throw partnerUnavailable('短信发送失败，请稍后重试；已有账号也可使用密码登录');
    }
    await kv.incr(phoneDayKey, day.msLeft + 60_000);
    if (limitIp) await kv.incr(ipDayKey, day.msLeft + 60_000);
    await this.sweep();
    return { sent: true, retryAfterSeconds: SMS_RULES.resendSeconds, expiresInSeconds: SMS_RULES.codeTtlSeconds };
  }

  /**
   * Checks and consumes a code. Throws 400 SMS_CODE_INVALID / SMS_CODE_EXPIRED with a message
   * that tells the user what to do. A malformed entry does not cost a try.
   */
  async verifyCode(rawPhone: string, purpose: SmsPurpose, rawCode: string): Promise<void> {
    const { gm, db } = this.ctx;
    const phone = rawPhone.trim();
    const code = rawCode.trim();
    if (!/^\d{6}$/.test(code)) throw smsCodeInvalid('请输入6位数字短信验证码');
    const repo = new SmsRepository(db);
    const row = await repo.latestCode(gm.blindIndex('phone', phone), purpose);
    if (!row) throw smsCodeInvalid('验证码不正确，请先获取短信验证码');
    if (row.consumed_at) throw smsCodeInvalid('该验证码已使用，请重新获取');
    if (row.attempts >= SMS_RULES.maxAttempts) throw smsCodeInvalid('验证码错误次数过多，请重新获取');
    if (row.expires_at <= nowIso()) throw smsCodeExpired();
    if (gm.mac(code) !== row.code_hash) {
      const counted = await repo.countAttempt(row.id, SMS_RULES.maxAttempts);
      const left = SMS_RULES.maxAttempts - row.attempts - 1;
      if (!counted || left <= 0) throw smsCodeInvalid('验证码错误次数过多，请重新获取');
      throw smsCodeInvalid(`验证码不正确，还可尝试${left}次`);
    }
    if (!(await repo.consume(row.id, nowIso()))) throw smsCodeInvalid('该验证码已使用，请重新获取');
    // The pending code has done its job; the next step (e.g. SMS login right after registering)
    // may send a new one without waiting out the 60 seconds. Only the phone's owner gets here.
    await this.ctx.kv.del(`sms:resend:${row.phone_idx}`);
  }

  /** The dev outbox, newest first. */
  async outbox(rawPhone: string) {
    const { gm, db } = this.ctx;
    const phone = this.normalise(rawPhone);
    const rows = await new SmsRepository(db).outboxFor(gm.blindIndex('phone', phone), 50);
    return rows.map((r) => ({ phone: gm.decrypt(r.phone_enc), text: r.text, code: r.code, sentAt: r.sent_at }));
  }

  /** Deletes every code and outbox message of a phone (account deletion). */
  async purgePhone(phone: string): Promise<void> {
    await new SmsRepository(this.ctx.db).purgePhone(this.ctx.gm.blindIndex('phone', phone));
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweep < 10 * 60_000) return;
    this.lastSweep = now;
    await new SmsRepository(this.ctx.db).deleteExpired(new Date(now - 86_400_000).toISOString());
  }
}
