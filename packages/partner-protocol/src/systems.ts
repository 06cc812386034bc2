/**
 * The signed partner systems by name, and what every one of them shares: the business refusal
 * codes and the ping of 接口管理's health check. Each system's own API has its own file —
 * identity.ts (公安人口库), utilities.ts (water, power, gas), pay.ts (统一支付平台), his.ts (医院
 * HIS), bureaus.ts (the bureaus the applications engine hands cases to) — all served under the
 * signed protocol of index.ts (envelope `{code, message, data}`; the shapes there are `data`).
 * Both sides import these types: the sandbox (apps/partners) answers with them and the server
 * (apps/server) reads them, so a change to a shape breaks the build of both, not a demo.
 *
 * Money is always integer 分 (fen). Times are ISO-8601 UTC strings. Periods are 'YYYY-MM'.
 * Business refusals use envelope codes 2xxx: 2001 not found, 2002 state conflict (already paid,
 * already closed…), 2003 amount mismatch, 2004 invalid business data (a field the partner rejects).
 * Like every 2xxx they come with HTTP 200 (docs/partner-protocol.md §5: the request itself was
 * right); a malformed request is 1004 with HTTP 400.
 */

import { BureauNames } from './bureaus.js';
import { QuotaSystems } from './reservations.js';

/**
 * Every signed system: the identity register, the utilities, the payment gateway, the hospitals'
 * HIS, the bus company and the charging operator (transit.ts), the 电子证照 system, the two reservation
 * systems of scenic spots and venues (reservations.ts), then the bureaus (bureaus.ts). 接口管理 lists exactly these, in this order.
 */
export const PartnerNames = ['identity', 'water', 'power', 'gas', 'pay', 'his', 'bus', 'charging', 'licence', ...QuotaSystems, ...BureauNames] as const;
export type PartnerName = (typeof PartnerNames)[number];

/** Business refusal codes shared by every system. */
export const BizCode = {
  NOT_FOUND: '2001',
  STATE_CONFLICT: '2002',
  AMOUNT_MISMATCH: '2003',
  INVALID_DATA: '2004',
} as const;

/** Every signed system answers `GET /v1/<partner>/ping` → PingResult (used by 接口管理's health check). */
export interface PingResult {
  partner: string;
  time: string;
}
