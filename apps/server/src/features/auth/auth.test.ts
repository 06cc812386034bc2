import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZEN } from '../../db/seed/index.js';
import { createTestApp, type TestApp } from '../../test/helpers.js';
import { PASSWORD, creditCode, getMe, idNumber, login, newIp, newPhone, outboxCode, registerPerson, requestSms, sessionCookie, smsCode } from './test-kit.js';

let t: TestApp;
let app: FastifyInstance;
beforeAll(async () => {
  t = await createTestApp();
  app = t.app;
});
afterAll(async () => {
  await t.close();
});

const register = (payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/auth/register', payload, remoteAddress: newIp() });
const personBody = (over: Record<string, unknown> = {}) => ({ kind: 'person', phone: newPhone(), smsCode: '123456', password: PASSWORD, name: '王五', idNumber: idNumber(), ...over });
const corpBody = (over: Record<string, unknown> = {}) => ({
  kind: 'corp',
  phone: newPhone(),
  smsCode: '123456',
  password: PASSWORD,
  corpName: '达州市通川区示例商贸有限公司',
  creditCode: creditCode(),
  legalName: '赵六',
  legalIdNumber: idNumber('19800202', '456'),
  ...over,
});

describe('registration', () => {
  it('registers a person, logs them in, and shows only masked data', async () => {
    const phone = newPhone();
    const id = idNumber('19920315', '031');
    const code = await smsCode(app, phone, 'register');
    const res = await register(personBody({ phone, smsCode: code, name: '欧阳小明', idNumber: id, username: 'XiaoMing01', email: 'xiaoming@example.com' }));
    expect(res.statusCode).toBe(201);
    const { user } = res.json();
    expect(user).toMatchObject({
      kind: 'person',
      phone: `${phone.slice(0, 3)}****${phone.slice(-4)}`,
      idNumber: `${id.slice(0, 6)}**********${id.slice(-2)}`,
      name: '欧***',
      username: 'xiaoming01',
      email: 'x***@example.com',
      realNameVerified: false,
      corpName: null,
      creditCode: null,
    });
    const cookie = sessionCookie(res);
    expect(cookie).toBeTruthy();
    expect(res.cookies.find((c) => c.name === 'dz_sid')).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

    const me = await getMe(app, cookie);
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual(user);
    expect(me.body).not.toContain(phone);
    expect(me.body).not.toContain(id);
  });

  it('registers a company with its legal representative', async () => {
    const phone = newPhone();
    const cc = creditCode('91511702MA6B7C8D');
    const code = await smsCode(app, phone, 'register');
    const res = await register(corpBody({ phone, smsCode: code, creditCode: cc.toLowerCase() }));
    expect(res.statusCode).toBe(201);
    const me = (await getMe(app, sessionCookie(res))).json();
    expect(me).toMatchObject({ kind: 'corp', corpName: '达州市通川区示例商贸有限公司', name: '赵*', creditCode: `${cc.slice(0, 4)}**********${cc.slice(-4)}` });
    expect(me.idNumber).toMatch(/^511702\*{10}\d{1}[\dX]$/);
  });

  it.each([
    ['checksum', '511702199001011230', '身份证号校验位不正确，请核对是否输错'],
    ['date', '511702199002301234', '身份证号中的出生日期不是有效日期，请核对第7至14位'],
    ['region', '001702199001011234', '身份证号的地区码不存在，请核对前两位'],
    ['length', '51170219900101', '身份证号应为18位'],
  ])('rejects an ID number with a bad %s, naming the problem', async (_what, id, message) => {
    const res = await register(personBody({ idNumber: id }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', message, fields: { idNumber: message } });
  });

  it('rejects a bad credit code and a bad legal representative ID', async () => {
    const good = creditCode();
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const res = await register(corpBody({ creditCode: wrongCheck }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: '统一社会信用代码校验位不正确，请核对是否输错', fields: { creditCode: expect.any(String) } });
    const letter = await register(corpBody({ creditCode: '91511700MA62Q8XKI0' }));
    expect(letter.json().message).toContain('不能包含字符“I”');
    const legal = await register(corpBody({ legalIdNumber: '511702199001011230' }));
    expect(legal.statusCode).toBe(400);
    expect(legal.json()).toMatchObject({ message: '法定代表人身份证号校验位不正确，请核对是否输错', fields: { legalIdNumber: expect.any(String) } });
  });

  it('says which required field of the chosen kind is missing', async () => {
    const { name: _n, ...noName } = personBody();
    const res = await register(noName);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ message: '请填写姓名', fields: { name: '请填写姓名' } });
    const { corpName: _c, ...noCorp } = corpBody();
    expect((await register(noCorp)).json()).toMatchObject({ message: '请填写企业名称', fields: { corpName: '请填写企业名称' } });
    expect((await register(personBody({ name: '王5' }))).json().message).toBe('姓名只能包含汉字、字母和间隔号“·”');
  });

  it('applies the password policy with the validator wording', async () => {
    const phone = newPhone();
    const weak = await register(personBody({ password: 'abcdefgh' }));
    expect(weak.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: '密码需包含大写字母、小写字母、数字、符号中的至少三类', fields: { password: expect.any(String) } });
    const withPhone = await register(personBody({ phone, password: `Aa${phone}` }));
    expect(withPhone.json().message).toBe('密码不能包含手机号');
  });

  it('refuses a phone that is taken (409) and a username that is taken (409)', async () => {
    const res = await register(personBody({ phone: DEMO_CITIZEN.phone }));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'PHONE_TAKEN', message: '该手机号已注册，请直接登录或找回密码' });
    const taken = await register(personBody({ username: DEMO_CITIZEN.username.toUpperCase() }));
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'USERNAME_TAKEN' });
  });

  it('requires the register SMS code and does not burn it on a validation error', async () => {
    const phone = newPhone();
    const code = await smsCode(app, phone, 'register');
    const wrong = await register(personBody({ phone, smsCode: code === '999999' ? '888888' : '999999' }));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'SMS_CODE_INVALID', message: '验证码不正确，还可尝试4次' });
    const badId = await register(personBody({ phone, smsCode: code, idNumber: '511702199001011230' }));
    expect(badId.statusCode).toBe(400);
    expect((await register(personBody({ phone, smsCode: code }))).statusCode).toBe(201);
  });

  it('keeps personal data encrypted at rest', async () => {
    const phone = newPhone();
    const code = await smsCode(app, phone, 'register');
    const body = corpBody({ phone, smsCode: code, legalName: '孙悟空', email: 'boss@example.com' });
    const res = await register(body);
    expect(res.statusCode).toBe(201);
    const row = await app.ctx.db.selectFrom('users').selectAll().where('id', '=', res.json().user.id).executeTakeFirstOrThrow();
    const raw = JSON.stringify(row);
    for (const secret of [phone, body.legalName as string, body.legalIdNumber as string, body.creditCode as string, 'boss@example.com', PASSWORD, code]) {
      expect(raw, `users row leaks ${secret}`).not.toContain(secret);
    }
    expect(app.ctx.gm.decrypt(row.phone_enc!)).toBe(phone);
    expect(row.phone_idx).toBe(app.ctx.gm.blindIndex('phone', phone));
    expect(row.credit_code_idx).toBe(app.ctx.gm.blindIndex('credit', body.creditCode as string));
    expect(row.id_number_idx).toBe(app.ctx.gm.blindIndex('id', body.legalIdNumber as string));
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const codes = JSON.stringify(await app.ctx.db.selectFrom('sms_codes').selectAll().execute());
    expect(codes).not.toContain(phone);
    expect(codes).not.toMatch(new RegExp(`"${code}"`));
    const audit = JSON.stringify(await app.ctx.db.selectFrom('audit_log').selectAll().execute());
    expect(audit).not.toContain(phone);
    expect(audit).toContain(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
  });
});

describe('password login', () => {
  it('logs in by phone and by username (any case)', async () => {
    const u = await registerPerson(app, { username: 'zhaoliu88' });
    const byPhone = await login(app, u.phone, u.password);
    expect(byPhone.statusCode).toBe(200);
    expect(byPhone.json().user.id).toBe(u.userId);
    expect((await getMe(app, sessionCookie(byPhone))).statusCode).toBe(200);
    const byName = await login(app, 'ZhaoLiu88', u.password);
    expect(byName.statusCode).toBe(200);
    expect((await getMe(app, sessionCookie(byName))).json().id).toBe(u.userId);
    // the demo citizen of API.md
    expect((await login(app, DEMO_CITIZEN.username, DEMO_CITIZEN.password)).statusCode).toBe(200);
  });

  it('answers a wrong password with 401 and the tries left; unknown accounts look the same', async () => {
    const u = await registerPerson(app);
    const res = await login(app, u.phone, 'Wrong@pass1');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'INVALID_CREDENTIALS', message: '账号或密码错误，还可尝试4次；连续输错5次将锁定15分钟' });
    const ghost = await login(app, newPhone(), 'Wrong@pass1');
    expect(ghost.statusCode).toBe(401);
    expect(ghost.json().message).toBe(res.json().message);
    expect(sessionCookie(res)).toBeUndefined();
  });

  it('locks the account after 5 failures in a row; the right password is then refused too', async () => {
    const u = await registerPerson(app);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await login(app, u.phone, `Wrong@pass${i}`)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    const res = await login(app, u.phone, u.password);
    expect(res.statusCode).toBe(423);
    expect(res.json().code).toBe('ACCOUNT_LOCKED');
    expect(res.json().message).toBe('账号已锁定，请15分钟后再试或使用短信验证码登录/找回密码');
    expect(res.json().retryAfterSeconds).toBeGreaterThan(14 * 60);

    // SMS login proves the phone and lifts the lock
    await requestSms(app, u.phone, 'login');
    const sms = await app.inject({ method: 'POST', url: '/api/auth/login/sms', payload: { phone: u.phone, smsCode: await outboxCode(app, u.phone) }, remoteAddress: newIp() });
    expect(sms.statusCode).toBe(200);
    expect((await login(app, u.phone, u.password)).statusCode).toBe(200);
  });

  it('lets a lock run out after 15 minutes', async () => {
    const u = await registerPerson(app);
    for (let i = 0; i < 5; i++) await login(app, u.phone, 'Wrong@pass1');
    await app.ctx.db.updateTable('users').set({ locked_until: new Date(Date.now() - 1000).toISOString() }).where('id', '=', u.userId).execute();
    expect((await login(app, u.phone, 'Wrong@pass1')).json().message).toContain('还可尝试4次');
    expect((await login(app, u.phone, u.password)).statusCode).toBe(200);
    const row = await app.ctx.db.selectFrom('users').select(['failed_logins', 'locked_until']).where('id', '=', u.userId).executeTakeFirstOrThrow();
    expect(row).toEqual({ failed_logins: 0, locked_until: null });
  });

  it('blocks a network after more than 20 failures across accounts', async () => {
    const ip = newIp();
    for (let i = 0; i < 20; i++) expect((await login(app, newPhone(), 'Wrong@pass1', ip)).statusCode).toBe(401);
    const res = await login(app, DEMO_CITIZEN.phone, DEMO_CITIZEN.password, ip);
    expect(res.statusCode).toBe(429);
    expect(res.json().message).toMatch(/^当前网络登录失败次数过多，请1[45]分钟后再试/);
    expect((await login(app, DEMO_CITIZEN.phone, DEMO_CITIZEN.password)).statusCode).toBe(200);
  });

  it('does not block the machine itself in the embedded profile', async () => {
    for (let i = 0; i < 21; i++) expect((await login(app, newPhone(), 'Wrong@pass1', '127.0.0.1')).statusCode).toBe(401);
    expect((await login(app, DEMO_CITIZEN.phone, DEMO_CITIZEN.password, '127.0.0.1')).statusCode).toBe(200);
  });

  it('limits bursts per route and client IP', async () => {
    const ip = newIp();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login/sms', payload: { phone: newPhone(), smsCode: '123456' }, remoteAddress: ip });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 10).every((s) => s === 404)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('tells a company account to use 法人登录', async () => {
    const phone = newPhone();
    const code = await smsCode(app, phone, 'register');
    expect((await register(corpBody({ phone, smsCode: code }))).statusCode).toBe(201);
    const res = await login(app, phone, PASSWORD, newIp(), 'person');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'ACCOUNT_KIND_MISMATCH', message: '该账号为法人账号，请切换到“法人登录”' });
    expect((await login(app, phone, PASSWORD, newIp(), 'corp')).statusCode).toBe(200);
  });

  it('audits every attempt without plain personal data', async () => {
    const u = await registerPerson(app);
    await login(app, u.phone, 'Wrong@pass1');
    await login(app, u.phone, u.password);
    const rows = await app.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.login').where('actor_id', '=', u.userId).orderBy('id').execute();
    expect(rows.map((r) => r.result)).toEqual(['failed', 'ok']);
    expect(rows[0]).toMatchObject({ actor_type: 'user', actor_name: `${u.phone.slice(0, 3)}****${u.phone.slice(-4)}` });
    expect(JSON.stringify(rows)).not.toContain(u.phone);
  });
});

describe('SMS login, password reset, logout', () => {
  it('logs in with an SMS code', async () => {
    const u = await registerPerson(app);
    const code = await smsCode(app, u.phone, 'login');
    const res = await app.inject({ method: 'POST', url: '/api/auth/login/sms', payload: { phone: u.phone, smsCode: code }, remoteAddress: newIp() });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.id).toBe(u.userId);
    expect((await getMe(app, sessionCookie(res))).statusCode).toBe(200);
  });

  it('resets the password, ends every session and lifts a lock', async () => {
    const u = await registerPerson(app);
    const other = sessionCookie(await login(app, u.phone, u.password))!;
    for (let i = 0; i < 5; i++) await login(app, u.phone, 'Wrong@pass1');
    const code = await smsCode(app, u.phone, 'reset');
    const weak = await app.inject({ method: 'POST', url: '/api/auth/password/reset', payload: { phone: u.phone, smsCode: code, newPassword: 'short' }, remoteAddress: newIp() });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().fields).toHaveProperty('newPassword');
    const res = await app.inject({ method: 'POST', url: '/api/auth/password/reset', payload: { phone: u.phone, smsCode: code, newPassword: 'New#Pass2026' }, remoteAddress: newIp() });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect((await getMe(app, u.cookie)).statusCode).toBe(401);
    expect((await getMe(app, other)).statusCode).toBe(401);
    expect((await login(app, u.phone, u.password)).statusCode).toBe(401);
    expect((await login(app, u.phone, 'New#Pass2026')).statusCode).toBe(200);
  });

  it('logs out: the session is dead server-side and the cookie is cleared', async () => {
    const u = await registerPerson(app);
    expect((await getMe(app, u.cookie)).statusCode).toBe(200);
    const res = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: u.cookie } });
    expect(res.statusCode).toBe(204);
    expect(res.cookies.find((c) => c.name === 'dz_sid')?.value).toBe('');
    const after = await getMe(app, u.cookie);
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('UNAUTHENTICATED');
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
  });

  it('replaces a session the browser already had when logging in (no fixation)', async () => {
    const u = await registerPerson(app);
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { account: u.phone, password: u.password }, headers: { cookie: u.cookie }, remoteAddress: newIp() });
    expect(res.statusCode).toBe(200);
    expect(sessionCookie(res)).not.toBe(u.cookie);
    expect((await getMe(app, u.cookie)).statusCode).toBe(401);
  });
});
