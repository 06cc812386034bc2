/**
 * Every error, whatever layer raises it, is `{ code, message }` with our own code and a Chinese
 * message that names fields by their label (issue 8, finding 6): Ajv, Fastify's body parser and
 * router, Node's HTTP parser, @fastify/multipart.
 */
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/helpers.js';
import { registerPerson } from '../features/auth/test-kit.js';
import { mapFrameworkError } from './error-handler.js';
import { toChinese } from './validation-messages.js';

let t: TestApp;
let citizen: string;
beforeAll(async () => {
  t = await createTestApp();
  citizen = (await registerPerson(t.app)).cookie;
});
afterAll(async () => {
  await t.close();
});

const CJK = /[\u4e00-\u9fff]/;

function expectOurs(res: { statusCode: number; body: string; headers: Record<string, unknown> }, status: number, code: string): { message: string } {
  expect(res.statusCode, res.body).toBe(status);
  const body = JSON.parse(res.body) as { code: string; message: string; requestId?: string };
  expect(body.code).toBe(code);
  expect(body.message).toMatch(CJK);
  expect(body.requestId).toBeTruthy();
  expect(res.headers['x-request-id']).toBe(body.requestId);
  return body;
}

describe('validation messages name the field by its Chinese label and say what is expected', () => {
  it('户号 instead of cardNo, with the expected format', async () => {
    const res = await t.app.inject({ url: '/api/water/bills?cardNo=abc', headers: { cookie: citizen } });
    const { message } = expectOurs(res, 400, 'VALIDATION_FAILED');
    expect(message).toBe('户号应为 6 至 20 位数字');
    expect((res.json() as { fields: Record<string, string> }).fields).toEqual({ cardNo: '户号应为 6 至 20 位数字' });
  });

  it('编号应为正整数 for a bad id in the path', async () => {
    for (const id of ['abc', '0', '-3']) {
      const { message } = expectOurs(await t.app.inject({ url: `/api/apps/${id}` }), 400, 'VALIDATION_FAILED');
      expect(message).toBe('编号应为正整数');
    }
  });

  it('a missing field is asked for by its label, a site by 站点', async () => {
    expect(expectOurs(await t.app.inject({ method: 'POST', url: '/api/auth/sms-codes', payload: {} }), 400, 'VALIDATION_FAILED').message).toBe('请填写手机号');
    expect(expectOurs(await t.app.inject({ url: '/api/pages/home?site=51' }), 400, 'VALIDATION_FAILED').message).toBe('站点应为 6 位数字');
  });

  it('a schema title wins over the dictionary (姓名, not 名称)', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/me/real-name', headers: { cookie: citizen }, payload: { name: '李', idNumber: '1' } });
    expect(expectOurs(res, 400, 'VALIDATION_FAILED').message).toBe('姓名至少 2 个字');
  });

  it('a body that is not an object, and unknown keys are neither named nor fatal', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/sms-codes', headers: { 'content-type': 'application/json' }, payload: '"hello"' });
    expect(expectOurs(res, 400, 'VALIDATION_FAILED').message).toBe('请求内容应为 JSON 对象');
    // removeAdditional: 'all' strips unknown keys before the handler; the answer is about the real field
    const extra = await t.app.inject({ method: 'POST', url: '/api/auth/sms-codes', payload: { phone: '123', evilKey: 1 } });
    const { message } = expectOurs(extra, 400, 'VALIDATION_FAILED');
    expect(message).not.toContain('evilKey');
    expect(message).not.toContain('phone');
  });

  it('a pattern is explained in words', () => {
    const say = (key: string, pattern: string) => toChinese([{ keyword: 'pattern', instancePath: `/${key}`, schemaPath: '', params: { pattern }, message: 'x' }] as never).message;
    expect(say('code', '^[a-z][a-z0-9_]{1,31}$')).toBe('编码应为 2 至 32 位，以小写字母开头，只含小写字母、数字、下划线');
    expect(say('username', '^[A-Za-z][A-Za-z0-9_.-]{2,31}$')).toBe('用户名应为 3 至 32 位，以英文字母开头，只含英文字母、数字、下划线、点、连字符');
    expect(say('ref', '^[A-Za-z0-9_.:-]+$')).toBe('访问对象应为只含英文字母、数字、下划线、点、冒号、连字符');
    expect(say('color', '^#[0-9A-Fa-f]{6}$')).toBe('颜色应为 # 加 6 位十六进制数的颜色值，如 #1989FA');
    expect(say('baseUrl', '^https?://')).toBe('接口地址应以 http:// 或 https:// 开头');
    expect(say('day', '^\\d{4}-\\d{2}-\\d{2}$')).toBe('日期格式如 2026-01-31');
    expect(say('from', '^\\d{4}-\\d{2}-\\d{2}$')).toBe('开始时间应为日期，格式如 2026-01-31');
    expect(say('smsCode', '^\\d{6}$')).toBe('短信验证码应为 6 位数字');
    expect(say('note', '^(?!x)')).toBe('说明格式不正确，请检查后重新填写');
  });

  it('the union of null and a string reports the string rule, not “must be null”', () => {
    const errors = [
      { keyword: 'type', instancePath: '/link', schemaPath: '#/properties/link/anyOf/0/type', params: { type: 'null' }, message: 'must be null' },
      { keyword: 'pattern', instancePath: '/link', schemaPath: '#/properties/link/anyOf/1/pattern', params: { pattern: '^(/|https?://)' }, message: 'x' },
      { keyword: 'anyOf', instancePath: '/link', schemaPath: '#/properties/link/anyOf', params: {}, message: 'x' },
    ];
    expect(toChinese(errors as never).message).toBe('链接应以 / 或 http(s):// 开头');
  });
});

describe('framework errors are ours, in Chinese', () => {
  it('garbage JSON → INVALID_JSON; empty JSON → INVALID_JSON', async () => {
    expectOurs(await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"account": ' }), 400, 'INVALID_JSON');
    expectOurs(await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '' }), 400, 'INVALID_JSON');
  });

  it('an unsupported content type → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    expectOurs(await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/xml' }, payload: '<a/>' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('a body over the limit → 413 PAYLOAD_TOO_LARGE', async () => {
    const payload = JSON.stringify({ account: 'x'.repeat(1024 * 1024 + 10) });
    expectOurs(await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload }), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('an undecodable URL → 400 BAD_REQUEST (not FST_ERR_BAD_URL)', async () => {
    const res = await t.app.inject({ url: '/api/apps/%E0%A4%A' });
    expectOurs(res, 400, 'BAD_REQUEST');
    expect(res.body).not.toContain('FST_');
  });

  it('an unknown API path or method → 404 NOT_FOUND', async () => {
    expectOurs(await t.app.inject({ url: '/api/nope' }), 404, 'NOT_FOUND');
    expectOurs(await t.app.inject({ method: 'PATCH', url: '/api/health' }), 404, 'NOT_FOUND');
  });

  it('a malformed multipart upload → our code, not FST_*', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/files',
      headers: { cookie: citizen, 'content-type': 'multipart/form-data; boundary=zz' },
      payload: '--zz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc\r\n--zz\r\nContent-Disposition: form-data; name="file"; filename="b.png"\r\n\r\nabc\r\n--zz--\r\n',
    });
    expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, res.body).toBeLessThan(500);
    const body = res.json() as { code: string; message: string };
    expect(body.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
    expect(body.code).not.toMatch(/^FST_/);
    expect(body.message).toMatch(CJK);
  });

  it('a rate limit → 429 RATE_LIMITED with a Chinese wait and Retry-After', async () => {
    let res = await t.app.inject({ method: 'POST', url: '/api/files', remoteAddress: '10.250.1.1' });
    for (let i = 0; i < 40 && res.statusCode !== 429; i++) res = await t.app.inject({ method: 'POST', url: '/api/files', remoteAddress: '10.250.1.1' });
    expect(expectOurs(res, 429, 'RATE_LIMITED').message).toMatch(/^操作太频繁，请\d+秒后再试$/);
    expect(res.headers['retry-after']).toBeTruthy();
  });

  it('maps framework codes and statuses, keeps a plugin’s own Chinese words', () => {
    expect(mapFrameworkError({ code: 'FST_ERR_CTP_INVALID_CONTENT_LENGTH', statusCode: 400 }).code).toBe('BAD_REQUEST');
    expect(mapFrameworkError({ code: 'FST_SOMETHING_NEW', statusCode: 406, message: 'Not Acceptable' })).toMatchObject({ status: 406, code: 'NOT_ACCEPTABLE' });
    expect(mapFrameworkError({ code: 'RATE_LIMITED', statusCode: 429, message: '操作太频繁，请30秒后再试' })).toEqual({ status: 429, code: 'RATE_LIMITED', message: '操作太频繁，请30秒后再试' });
    expect(mapFrameworkError({ code: 'ECONNRESET', message: 'socket hang up' })).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
    expect(mapFrameworkError({ statusCode: 400, message: 'Bad Request' }).message).toMatch(CJK);
  });
});

describe('requests Node’s HTTP parser rejects', () => {
  async function raw(request: string): Promise<string> {
    if (!t.app.server.listening) await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(request));
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString('utf8')));
      socket.on('close', () => resolve(data));
      socket.on('error', (err) => (data ? resolve(data) : reject(err)));
    });
  }
  const bodyOf = (response: string) => JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as { code: string; message: string };

  it('a malformed request line → 400 { code: BAD_REQUEST, message: 中文 }', async () => {
    const response = await raw('GARBAGE / NONSENSE\r\n\r\n');
    expect(response).toMatch(/^HTTP\/1\.1 400 /);
    expect(bodyOf(response)).toEqual({ code: 'BAD_REQUEST', message: expect.stringMatching(CJK) as unknown });
  });

  it('headers over the size limit → 431 { code: HEADERS_TOO_LARGE, message: 中文 }', async () => {
    const response = await raw(`GET /api/health HTTP/1.1\r\nHost: x\r\nCookie: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(response).toMatch(/^HTTP\/1\.1 431 /);
    expect(bodyOf(response)).toEqual({ code: 'HEADERS_TOO_LARGE', message: expect.stringMatching(CJK) as unknown });
  });
});
