import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

export interface NewSmsCode {
  phoneIdx: string;
  purpose: string;
  codeHash: string;
  expiresAt: string;
  createdAt: string;
}

export interface OutboxEntry {
  phoneIdx: string;
  phoneEnc: string;
  text: string;
  code: string | null;
  sentAt: string;
}

/** sms_codes (one-time codes, stored as a keyed MAC only) and sms_outbox (the dev gateway). */
export class SmsRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  async insertCode(c: NewSmsCode): Promise<number> {
    const res = await this.db
      .insertInto('sms_codes')
      .values({ phone_idx: c.phoneIdx, purpose: c.purpose, code_hash: c.codeHash, expires_at: c.expiresAt, attempts: 0, consumed_at: null, created_at: c.createdAt })
      .executeTakeFirstOrThrow();
    return Number(res.insertId);
  }

  /** The newest code for this phone and purpose: only the latest code sent is ever valid. */
  latestCode(phoneIdx: string, purpose: string) {
    return this.db.selectFrom('sms_codes').selectAll().where('phone_idx', '=', phoneIdx).where('purpose', '=', purpose).orderBy('id', 'desc').limit(1).executeTakeFirst();
  }

  /**
   * Counts one wrong try, atomically and only while tries remain, so parallel guesses cannot
   * exceed the limit. Returns false when the code had no tries left.
   */
  async countAttempt(id: number, maxAttempts: number): Promise<boolean> {
    const res = await this.db
      .updateTable('sms_codes')
      .set({ attempts: sql<number>`attempts + 1` })
      .where('id', '=', id)
      .where('attempts', '<', maxAttempts)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Marks the code used; false when another request consumed it first (single use). */
  async consume(id: number, at: string): Promise<boolean> {
    const res = await this.db.updateTable('sms_codes').set({ consumed_at: at }).where('id', '=', id).where('consumed_at', 'is', null).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async deleteCode(id: number): Promise<void> {
    await this.db.deleteFrom('sms_codes').where('id', '=', id).execute();
  }

  /** Removes codes that expired before `before`: they are useless and still name a phone (blind index). */
  async deleteExpired(before: string): Promise<void> {
    await this.db.deleteFrom('sms_codes').where('expires_at', '<', before).execute();
  }

  /** Account deletion (GB/T 35273 §8.5): nothing tied to the phone stays behind. */
  async purgePhone(phoneIdx: string): Promise<void> {
    await this.db.deleteFrom('sms_codes').where('phone_idx', '=', phoneIdx).execute();
    await this.db.deleteFrom('sms_outbox').where('phone_idx', '=', phoneIdx).execute();
  }

  async insertOutbox(e: OutboxEntry): Promise<void> {
    await this.db.insertInto('sms_outbox').values({ phone_idx: e.phoneIdx, phone_enc: e.phoneEnc, text: e.text, code: e.code, sent_at: e.sentAt }).execute();
  }

  outboxFor(phoneIdx: string, limit: number) {
    return this.db.selectFrom('sms_outbox').selectAll().where('phone_idx', '=', phoneIdx).orderBy('id', 'desc').limit(limit).execute();
  }
}
