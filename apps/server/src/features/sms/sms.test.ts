import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZEN } from '../../db/seed/index.js';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { ipLimitsApply } from '../../infra/ip-limits.js';
import { newIp, newPhone, outboxCode, requestSms } from '../auth/test-kit.js';

let t: TestApp;
let app: FastifyInstance;
beforeAll(async () => {
  t = await createTestApp();
  app = t.app;
});
afterAll(async () => {
  await t.close();
});

/** Lifts the 60-second resend throttle, as if a minute had passed. */
const skipResendWait = (phone: string) => app.ctx.kv.del(`sms:resend:${app.ctx.gm.blindIndex('phone', phone)}`);
const smsLogin = (phone: string, smsCode: string) => app.inject({ method: 'POST', url: '/api/auth/login/sms', payload: { phone, smsCode }, remoteAddress: newIp() });

describe('POST /api/auth/sms-codes', () => {
  it('sends a 6-digit code that the dev outbox shows, newest first', async () => {
    const phone = newPhone();
    const res = await requestSms(app, phone, 'register');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ sent: true, retryAfterSeconds: 60, expiresInSeconds: 300 });

    const box = (await app.inject({ url: `/api/dev/sms-outbox?phone=${phone}` })).json() as { phone: string; text: string; code: string; sentAt: string }[];
    expect(box).toHaveLength(1);
    expect(box[0]!.phone).toBe(phone);
    expect(box[0]!.code).toMatch(/^\d{6}$/);
    expect(box[0]!.text).toContain(`【天府通办·达州】您的验证码为${box[0]!.code}`);
    expect(box[0]!.text).toContain('5分钟内有效');
    expect(Date.parse(box[0]!.sentAt)).not.toBeNaN();

    await skipResendWait(phone);
    await requestSms(app, phone, 'register');
    const again = (await app.inject({ url: `/api/dev/sms-outbox?phone=${phone}` })).json() as { code: string }[];
    expect(again).toHaveLength(2);
    expect(await outboxCode(app, phone)).toBe(again[0]!.code);
  });

  it('refuses a second request for the same phone within 60 s, saying how long to wait', async () => {
    const phone = newPhone();
    expect((await requestSms(app, phone, 'register')).statusCode).toBe(200);
    const res = await requestSms(app, phone, 'register');
    expect(res.statusCode).toBe(429);
    const body = res.json();
    expect(body.code).toBe('RATE_LIMITED');
    expect(body.retryAfterSeconds).toBeGreaterThan(50);
    expect(body.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(body.message).toMatch(/请\d+秒后再重新获取/);
    expect(res.headers['retry-after']).toBe(String(body.retryAfterSeconds));
  });

  it('knows whether the phone is registered: register → 409, login/reset/deregister → 404', async () => {
    const taken = await requestSms(app, DEMO_CITIZEN.phone, 'register');
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'PHONE_TAKEN', message: '该手机号已注册，请直接登录或找回密码' });
    for (const purpose of ['login', 'reset', 'deregister'] as const) {
      const res = await requestSms(app, newPhone(), purpose);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'ACCOUNT_NOT_FOUND', message: '该手机号尚未注册，请先注册' });
    }
  });

  it('rejects malformed input with a Chinese message', async () => {
    const res = await requestSms(app, '12345', 'register');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(res.json().message).toContain('手机号');
    const bad = await app.inject({ method: 'POST', url: '/api/auth/sms-codes', payload: { phone: newPhone(), purpose: 'spam' }, remoteAddress: newIp() });
    expect(bad.statusCode).toBe(400);
  });

  it('stores only a keyed digest of the code, never the code or the phone', async () => {
    const phone = newPhone();
    await requestSms(app, phone, 'register');
    const code = await outboxCode(app, phone);
    const rows = await app.ctx.db.selectFrom('sms_codes').selectAll().where('phone_idx', '=', app.ctx.gm.blindIndex('phone', phone)).execute();
    expect(rows).toHaveLength(1);
    const raw = JSON.stringify(rows[0]);
    expect(raw).not.toContain(code);
    expect(raw).not.toContain(phone);
    expect(rows[0]!.code_hash).toBe(app.ctx.gm.mac(code));
  });

  it('allows at most 10 codes a day per phone', async () => {
    const phone = newPhone();
    for (let i = 0; i < 10; i++) {
      await skipResendWait(phone);
      expect((await requestSms(app, phone, 'register')).statusCode).toBe(200);
    }
    await skipResendWait(phone);
    const res = await requestSms(app, phone, 'register');
    expect(res.statusCode).toBe(429);
    expect(res.json().message).toBe('该手机号今天获取验证码已达10次上限，请明天再试；已有账号可使用密码登录');
    expect(res.json().retryAfterSeconds).toBeGreaterThan(0);
  });

  it('allows at most 10 codes a day per client IP', async () => {
    const ip = newIp();
    for (let i = 0; i < 10; i++) expect((await requestSms(app, newPhone(), 'register', ip)).statusCode).toBe(200);
    const res = await requestSms(app, newPhone(), 'register', ip);
    expect(res.statusCode).toBe(429);
    expect(res.json().message).toContain('当前网络今天获取验证码已达10次上限');
    // another network is not affected
    expect((await requestSms(app, newPhone(), 'register')).statusCode).toBe(200);
  });
});

describe('per-IP limits and the machine itself', () => {
  it('exempts loopback in the embedded profile (the demo and test suites), never in production', async () => {
    for (let i = 0; i < 11; i++) expect((await requestSms(app, newPhone(), 'register', '127.0.0.1')).statusCode).toBe(200);
    expect(ipLimitsApply({ profile: 'embedded' }, '::1')).toBe(false);
    expect(ipLimitsApply({ profile: 'embedded' }, '::ffff:127.0.0.1')).toBe(false);
    expect(ipLimitsApply({ profile: 'embedded' }, '192.168.1.20')).toBe(true);
    expect(ipLimitsApply({ profile: 'production' }, '127.0.0.1')).toBe(true);
  });
});

describe('verifying codes', () => {
  it('kills a code after 5 wrong tries, counting down in the message', async () => {
    await requestSms(app, DEMO_CITIZEN.phone, 'login');
    const code = await outboxCode(app, DEMO_CITIZEN.phone);
    const wrong = code === '000000' ? '111111' : '000000';
    const messages: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await smsLogin(DEMO_CITIZEN.phone, wrong);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('SMS_CODE_INVALID');
      messages.push(res.json().message);
    }
    expect(messages).toEqual(['验证码不正确，还可尝试4次', '验证码不正确，还可尝试3次', '验证码不正确，还可尝试2次', '验证码不正确，还可尝试1次', '验证码错误次数过多，请重新获取']);
    const right = await smsLogin(DEMO_CITIZEN.phone, code);
    expect(right.statusCode).toBe(400);
    expect(right.json()).toMatchObject({ code: 'SMS_CODE_INVALID', message: '验证码错误次数过多，请重新获取' });
    await skipResendWait(DEMO_CITIZEN.phone);
  });

  it('rejects an expired code', async () => {
    await requestSms(app, DEMO_CITIZEN.phone, 'login');
    const code = await outboxCode(app, DEMO_CITIZEN.phone);
    await app.ctx.db
      .updateTable('sms_codes')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('phone_idx', '=', app.ctx.gm.blindIndex('phone', DEMO_CITIZEN.phone))
      .execute();
    const res = await smsLogin(DEMO_CITIZEN.phone, code);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'SMS_CODE_EXPIRED', message: '验证码已过期，请重新获取' });
    await skipResendWait(DEMO_CITIZEN.phone);
  });

  it('accepts a code once; only the newest code counts', async () => {
    await requestSms(app, DEMO_CITIZEN.phone, 'login');
    const older = await outboxCode(app, DEMO_CITIZEN.phone);
    await skipResendWait(DEMO_CITIZEN.phone);
    await requestSms(app, DEMO_CITIZEN.phone, 'login');
    const newer = await outboxCode(app, DEMO_CITIZEN.phone);
    if (older !== newer) expect((await smsLogin(DEMO_CITIZEN.phone, older)).statusCode).toBe(400);
    expect((await smsLogin(DEMO_CITIZEN.phone, newer)).statusCode).toBe(200);
    const reuse = await smsLogin(DEMO_CITIZEN.phone, newer);
    expect(reuse.statusCode).toBe(400);
    expect(reuse.json().message).toBe('该验证码已使用，请重新获取');
    await skipResendWait(DEMO_CITIZEN.phone);
  });
});

describe('SMS_GATEWAY=http', () => {
  let gateway: FastifyInstance;
  let received: { phone: string; text: string }[];
  let failing = false;
  let h: TestApp;

  beforeAll(async () => {
    received = [];
    gateway = Fastify();
    gateway.post('/send', async (req, reply) => {
      if (failing) return reply.status(500).send({ error: 'down' });
      received.push(req.body as { phone: string; text: string });
      return { ok: true };
    });
    const address = await gateway.listen({ host: '127.0.0.1', port: 0 });
    h = await createTestApp({ smsGateway: 'http', smsHttpUrl: `${address}/send` });
  });
  afterAll(async () => {
    await h.close();
    await gateway.close();
  });

  it('posts {phone, text} to the gateway, and the dev outbox does not exist', async () => {
    const phone = newPhone();
    const res = await requestSms(h.app, phone, 'register');
    expect(res.statusCode).toBe(200);
    expect(received).toHaveLength(1);
    expect(received[0]!.phone).toBe(phone);
    expect(received[0]!.text).toMatch(/您的验证码为\d{6}/);
    const outbox = await h.app.inject({ url: `/api/dev/sms-outbox?phone=${phone}` });
    expect(outbox.statusCode).toBe(404);
  });

  it('answers 503 when the gateway fails, and lets the citizen retry at once', async () => {
    const phone = newPhone();
    failing = true;
    const res = await requestSms(h.app, phone, 'register');
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toContain('短信发送失败');
    expect(await h.app.ctx.db.selectFrom('sms_codes').selectAll().where('phone_idx', '=', h.app.ctx.gm.blindIndex('phone', phone)).execute()).toHaveLength(0);
    failing = false;
    expect((await requestSms(h.app, phone, 'register')).statusCode).toBe(200);
  });
});
