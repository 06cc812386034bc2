/**
 * Helpers for the citizen-account tests (sms, auth, oauth, me): drive the public API the way the
 * H5 app does. Test-only; it imports nothing from the test runner so it type-checks with the rest.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { creditCodeCheckChar, idNumberCheckChar, type SmsPurpose } from '@dz/contracts';
import { USER_COOKIE } from '../../infra/http.js';

let phoneSeq = 0;
let ipSeq = 0;

/** A fresh valid mobile number per call (the test databases are per file, so a counter suffices). */
export function newPhone(): string {
  phoneSeq += 1;
  return `137${String(process.pid % 1000).padStart(3, '0')}${String(phoneSeq).padStart(5, '0')}`;
}

/** A fresh client address per call, so the per-IP limits of one test never touch another. */
export function newIp(): string {
  ipSeq += 1;
  return `10.${(process.pid >> 8) % 250}.${Math.floor(ipSeq / 250)}.${(ipSeq % 250) + 1}`;
}

/** A checksum-valid ID number (GB 11643) for a Dazhou 通川区 birth on the given date. */
export function idNumber(birth = '19900101', seq = '123'): string {
  const first17 = `511702${birth}${seq}`;
  return first17 + idNumberCheckChar(first17);
}

/** A checksum-valid 统一社会信用代码 (GB 32100). */
export function creditCode(body = '91511700MA62Q8XK'): string {
  const first17 = body.padEnd(17, '0').slice(0, 17);
  return first17 + creditCodeCheckChar(first17);
}

export const PASSWORD = 'Dz@2026abc';

export function sessionCookie(res: LightMyRequestResponse): string | undefined {
  const c = (res.cookies as { name: string; value: string }[]).find((x) => x.name === USER_COOKIE);
  return c && c.value ? `${USER_COOKIE}=${c.value}` : undefined;
}

export function requestSms(app: FastifyInstance, phone: string, purpose: SmsPurpose, ip = newIp()) {
  return app.inject({ method: 'POST', url: '/api/auth/sms-codes', payload: { phone, purpose }, remoteAddress: ip });
}

/** The newest code in the dev outbox for this phone. */
export async function outboxCode(app: FastifyInstance, phone: string): Promise<string> {
  const res = await app.inject({ url: `/api/dev/sms-outbox?phone=${phone}` });
  const items = res.json() as { code: string | null }[];
  if (!items[0]?.code) throw new Error(`no SMS for ${phone}: ${res.body}`);
  return items[0].code;
}

/** Requests a code and reads it from the outbox. */
export async function smsCode(app: FastifyInstance, phone: string, purpose: SmsPurpose): Promise<string> {
  const res = await requestSms(app, phone, purpose);
  if (res.statusCode !== 200) throw new Error(`sms-codes ${res.statusCode}: ${res.body}`);
  return outboxCode(app, phone);
}

export interface Registered {
  phone: string;
  password: string;
  name: string;
  idNumber: string;
  cookie: string;
  userId: number;
  res: LightMyRequestResponse;
}

export async function registerPerson(app: FastifyInstance, over: Partial<{ phone: string; name: string; idNumber: string; username: string; email: string; password: string }> = {}): Promise<Registered> {
  const phone = over.phone ?? newPhone();
  const code = await smsCode(app, phone, 'register');
  const body = { kind: 'person', phone, smsCode: code, password: over.password ?? PASSWORD, name: over.name ?? '李四', idNumber: over.idNumber ?? idNumber(), username: over.username, email: over.email };
  const res = await app.inject({ method: 'POST', url: '/api/auth/register', payload: body, remoteAddress: newIp() });
  if (res.statusCode !== 201) throw new Error(`register ${res.statusCode}: ${res.body}`);
  return { phone, password: body.password, name: body.name, idNumber: body.idNumber, cookie: sessionCookie(res)!, userId: (res.json() as { user: { id: number } }).user.id, res };
}

export function login(app: FastifyInstance, account: string, password: string, ip = newIp(), kind?: 'person' | 'corp') {
  return app.inject({ method: 'POST', url: '/api/auth/login', payload: { account, password, ...(kind ? { kind } : {}) }, remoteAddress: ip });
}

export function getMe(app: FastifyInstance, cookie: string | undefined) {
  return app.inject({ url: '/api/me', headers: cookie ? { cookie } : {} });
}
