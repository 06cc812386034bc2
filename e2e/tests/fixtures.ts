import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test, type APIRequestContext } from '@playwright/test';
import { TOTP } from 'otpauth';

export const ADMIN_PASSWORD = 'E2e@Admin2026';

/** A checksum-valid GB 11643 number for a Dazhou (通川区 511702) resident born on the given date. */
export function makeIdNumber(birth = '19900101', seq = Math.floor(Math.random() * 900) + 100): string {
  const first17 = `511702${birth}${seq}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((a, c, i) => a + Number(c) * w[i]!, 0);
  return first17 + '10X98765432'[sum % 11];
}

export function randomPhone(): string {
  return `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

/**
 * The partner sandbox of the stack the running test's project uses (its control routes and demo
 * files): every project has its own sandbox, server and database (playwright.config.ts).
 */
export function sandboxUrl(): string {
  const url = test.info().project.metadata.sandbox as unknown;
  if (typeof url !== 'string') throw new Error('this project has no sandbox in its metadata');
  return url;
}

/** Beijing is UTC+8 all year: the halls', bureaus' and servers' clock, whatever the test machine's zone. */
const BEIJING_MS = 8 * 3_600_000;

/** The Beijing wall-clock time of an instant, "YYYY-MM-DD HH:mm:ss" (slice 0–10 is the day, 0–16 the minute). */
export function beijingClock(at: number | string = Date.now()): string {
  const t = typeof at === 'number' ? at : Date.parse(at);
  return new Date(t + BEIJING_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** A Beijing calendar day "YYYY-MM-DD", `offset` days from today. */
export function beijingDay(offset = 0): string {
  return beijingClock(Date.now() + offset * 86_400_000).slice(0, 10);
}

/** Reads the newest SMS code sent to a phone from the development outbox. */
export async function latestSmsCode(request: APIRequestContext, phone: string): Promise<string> {
  for (let i = 0; i < 20; i++) {
    const res = await request.get(`/api/dev/sms-outbox?phone=${phone}`);
    if (res.ok()) {
      const list = (await res.json()) as { code: string | null }[];
      if (list[0]?.code) return list[0].code;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no SMS code for ${phone}`);
}

/**
 * Console logins for specs that are not about the first-login flow. The super admin's password
 * change and TOTP enrolment happen once per database (admin.setup.spec.ts does them through the
 * pages, so it must stay the first admin spec by name: Playwright runs files in name order); whoever does them records the outcome here, in the run's output folder, which Playwright
 * empties at the start of every run, as is the fresh database.
 */
export interface ConsoleAccount {
  username: string;
  password: string;
  secret: string;
  /** The last TOTP step used: the server refuses a code twice (RFC 6238 §5.2). */
  lastStep: number;
}

const accountsFile = join(import.meta.dirname, '..', 'test-results', '.console-accounts.json');

function readAccounts(): Record<string, ConsoleAccount> {
  try {
    return JSON.parse(readFileSync(accountsFile, 'utf8')) as Record<string, ConsoleAccount>;
  } catch {
    return {};
  }
}

export function rememberConsoleAccount(account: ConsoleAccount): void {
  mkdirSync(dirname(accountsFile), { recursive: true });
  writeFileSync(accountsFile, JSON.stringify({ ...readAccounts(), [account.username]: account }));
}

const totpStep = () => Math.floor(Date.now() / 30_000);

/**
 * A code for a step the server has not seen yet. The server accepts one step of clock drift either
 * side (RFC 6238 §5.2), so a second login within the same 30 s uses the next step's code, as an
 * authenticator running a little fast would; only a third waits for the clock.
 */
async function freshOtp(account: { secret: string; lastStep: number }): Promise<{ otp: string; step: number }> {
  while (totpStep() + 1 <= account.lastStep) await new Promise((r) => setTimeout(r, 500));
  const step = Math.max(totpStep(), account.lastStep + 1);
  return { otp: new TOTP({ secret: account.secret, digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: step * 30_000 }), step };
}

/**
 * Logs `username` into the console on this request context (the page's cookies): with the recorded
 * password and a fresh TOTP code, or, on the first login, changing `initialPassword` to
 * `newPassword` and enrolling TOTP through the API.
 */
export async function consoleLogin(request: APIRequestContext, username = 'admin', initialPassword = ADMIN_PASSWORD, newPassword = 'Console@2026x'): Promise<void> {
  const known = readAccounts()[username];
  if (known) {
    const { otp, step } = await freshOtp(known);
    const res = await request.post('/api/admin/auth/login', { data: { username, password: known.password, otp } });
    if (res.status() !== 200) throw new Error(`console login ${username}: ${res.status()} ${await res.text()}`);
    rememberConsoleAccount({ ...known, lastStep: step });
    return;
  }
  const first = await request.post('/api/admin/auth/login', { data: { username, password: initialPassword } });
  if (first.status() !== 200) throw new Error(`console first login ${username}: ${first.status()} ${await first.text()}`);
  const change = await request.put('/api/admin/me/password', { data: { oldPassword: initialPassword, newPassword } });
  if (change.status() !== 200) throw new Error(`password change ${username}: ${change.status()} ${await change.text()}`);
  const { secret } = (await (await request.post('/api/admin/me/otp')).json()) as { secret: string };
  const { otp, step } = await freshOtp({ secret, lastStep: -1 });
  const verify = await request.post('/api/admin/me/otp/verify', { data: { otp } });
  if (verify.status() !== 200) throw new Error(`TOTP enrolment ${username}: ${verify.status()} ${await verify.text()}`);
  rememberConsoleAccount({ username, password: newPassword, secret, lastStep: step });
}
