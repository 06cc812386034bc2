/**
 * users row → UserView. Everything personal leaves the server masked (GB/T 35273 §6.2 去标识化):
 * the citizen recognises their own record, a shoulder-surfer or a leaked response learns little.
 */
import { maskCreditCode, maskIdNumber, maskName, maskPhone, type UserView } from '@dz/contracts';
import type { UserRow } from '../../db/schema.js';
import type { GmCrypto } from '../../infra/gm-crypto.js';

/** z***@example.com — the first character and the domain stay. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

export function toUserView(row: UserRow, gm: GmCrypto): UserView {
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
