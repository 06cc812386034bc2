/**
 * users row → UserView. Everything personal leaves the server masked (GB/T 35273 §6.2 去标识化):
 * the citizen recognises their own record, a shoulder-surfer or a leaked response learns little.
 */
import { maskCreditCode, maskIdNumber, maskName, maskPhone, type UserView } from '@dz/contracts';
import type { UserRow } from '../../db/schema.js';
import type { GmCrypto } from '../../infra/gm-crypto.js';
import { TtlCache } from '../../infra/ttl-cache.js';

/** z***@example.com — the first character and the domain stay. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/**
 * The masked view of a row, memoised per process: /api/me and the session check of every app
 * start would otherwise SM4-decrypt and MAC-check five fields per request (~50 µs, a sixth of a
 * core at 3,000 req/s). The row itself is still read on every request (the session check and
 * `findActiveById` are never cached), and an entry is served only while that row carries exactly
 * the ciphertexts and flags the view was made from — every write of a personal field makes a new
 * ciphertext (random IV) — so a profile edit, real-name verification or deletion shows at once,
 * on every instance. Entries are keyed by user id (never shared between citizens), hold only the
 * masked view, live a minute at most and number 10,000 at most. One cache per key set (GmCrypto
 * instance), so two apps in one process never see each other's entries.
 */
const VIEW_TTL_MS = 60_000;
const VIEW_MAX = 10_000;
const viewCaches = new WeakMap<GmCrypto, TtlCache<UserView>>();

// JSON keeps null and '' apart, so two rows with different views never share a stamp.
const viewStamp = (row: UserRow): string =>
  JSON.stringify([
    row.kind,
    row.status,
    row.phone_enc,
    row.name_enc,
    row.id_number_enc,
    row.email_enc,
    row.credit_code_enc,
    row.username,
    row.real_name_verified,
    row.real_name_verified_at,
    row.password_hash === null ? 0 : 1,
    row.corp_name,
    row.created_at,
  ]);

export function toUserView(row: UserRow, gm: GmCrypto): UserView {
  let cache = viewCaches.get(gm);
  if (!cache) viewCaches.set(gm, (cache = new TtlCache<UserView>(VIEW_TTL_MS, VIEW_MAX)));
  // A shallow copy out: callers may add to the object they get, the cached one stays as made.
  return { ...cache.through(String(row.id), viewStamp(row), () => buildUserView(row, gm)) };
}

function buildUserView(row: UserRow, gm: GmCrypto): UserView {
  const phone = gm.decryptNullable(row.phone_enc);
  const name = gm.decryptNullable(row.name_enc);
  const idNumber = gm.decryptNullable(row.id_number_enc);
  const email = gm.decryptNullable(row.email_enc);
  const creditCode = gm.decryptNullable(row.credit_code_enc);
  return {
    id: row.id,
    kind: row.kind,
    name: name ? maskName(name) : '',
    phone: phone ? maskPhone(phone) : '',
    idNumber: idNumber ? maskIdNumber(idNumber) : null,
    username: row.username,
    email: email ? maskEmail(email) : null,
    realNameVerified: row.real_name_verified === 1,
    hasPassword: row.password_hash !== null,
    realNameVerifiedAt: row.real_name_verified_at,
    corpName: row.corp_name,
    creditCode: creditCode ? maskCreditCode(creditCode) : null,
    createdAt: row.created_at,
  };
}
