import type { APIRequestContext } from '@playwright/test';

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
