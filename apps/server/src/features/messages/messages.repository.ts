/**
 * SQL for 消息中心. A message reaches everyone (site_code and user_id null), the users of a site
 * and the sites below it (site_code set, user_id null), or one user (user_id set; site_code then
 * only records which site sent it). Reads are one row per (message, user) in message_reads.
 */
import { sql, type Expression, type ExpressionBuilder, type Insertable, type Kysely, type Selectable, type SqlBool, type Transaction } from 'kysely';
import type { DB, MessagesTable } from '../../db/schema.js';

export type MessageRow = Selectable<MessagesTable>;
export type InboxRow = MessageRow & { read_at: string | null };
export type SentRow = MessageRow & { read_count: number; created_by_name: string | null };

/** What this user sees while looking at a site whose ancestry is given. */
function visibleTo(eb: ExpressionBuilder<DB, 'messages'>, userId: number, ancestry: string[]): Expression<SqlBool> {
  return eb.or([
    eb('messages.user_id', '=', userId),
    eb.and([eb('messages.user_id', 'is', null), eb.or([eb('messages.site_code', 'is', null), eb('messages.site_code', 'in', ancestry.length ? ancestry : ['-'])])]),
  ]);
}

export class MessagesRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  async inbox(userId: number, ancestry: string[], offset: number, limit: number): Promise<{ rows: InboxRow[]; total: number }> {
    const count = await this.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => visibleTo(eb, userId, ancestry))
      .executeTakeFirstOrThrow();
    const rows = await this.db
      .selectFrom('messages')
      .leftJoin('message_reads', (j) => j.onRef('message_reads.message_id', '=', 'messages.id').on('message_reads.user_id', '=', userId))
      .selectAll('messages')
      .select('message_reads.read_at')
      .where((eb) => visibleTo(eb, userId, ancestry))
      .orderBy('messages.created_at', 'desc')
      .orderBy('messages.id', 'desc')
      .offset(offset)
      .limit(limit)
      .execute();
    return { rows, total: Number(count.n) };
  }

  async unreadCount(userId: number, ancestry: string[]): Promise<number> {
    const row = await this.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => visibleTo(eb, userId, ancestry))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('message_reads').select('message_reads.message_id').whereRef('message_reads.message_id', '=', 'messages.id').where('message_reads.user_id', '=', userId))))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** A message this user may open: everyone's, any site's, or addressed to them. */
  findForUser(id: number, userId: number): Promise<InboxRow | undefined> {
    return this.db
      .selectFrom('messages')
      .leftJoin('message_reads', (j) => j.onRef('message_reads.message_id', '=', 'messages.id').on('message_reads.user_id', '=', userId))
      .selectAll('messages')
      .select('message_reads.read_at')
      .where('messages.id', '=', id)
      .where((eb) => eb.or([eb('messages.user_id', 'is', null), eb('messages.user_id', '=', userId)]))
      .executeTakeFirst();
  }

  async markRead(messageId: number, userId: number, at: string): Promise<void> {
    await this.db.insertInto('message_reads').values({ message_id: messageId, user_id: userId, read_at: at }).execute();
  }

  /** One statement for every unread visible message; no ON CONFLICT needed because read ones are skipped. */
  async markAllRead(userId: number, ancestry: string[], at: string): Promise<void> {
    await this.db
      .insertInto('message_reads')
      .columns(['message_id', 'user_id', 'read_at'])
      .expression(
        this.db
          .selectFrom('messages')
          .select(['messages.id', sql<number>`${userId}`.as('user_id'), sql<string>`${at}`.as('read_at')])
          .where((eb) => visibleTo(eb, userId, ancestry))
          .where((eb) => eb.not(eb.exists(eb.selectFrom('message_reads').select('message_reads.message_id').whereRef('message_reads.message_id', '=', 'messages.id').where('message_reads.user_id', '=', userId)))),
      )
      .execute();
  }

  async insert(values: Insertable<MessagesTable>): Promise<number> {
    const res = await this.db.insertInto('messages').values(values).executeTakeFirstOrThrow();
    return Number(res.insertId);
  }

  private sentQuery(siteCodes: string[], includeAll: boolean) {
    return this.db.selectFrom('messages').where((eb) => {
      const scoped = eb('messages.site_code', 'in', siteCodes.length ? siteCodes : ['-']);
      return includeAll ? eb.or([scoped, eb('messages.site_code', 'is', null)]) : scoped;
    });
  }

  async sent(siteCodes: string[], includeAll: boolean, offset: number, limit: number): Promise<{ rows: SentRow[]; total: number }> {
    const count = await this.sentQuery(siteCodes, includeAll)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const rows = await this.sentQuery(siteCodes, includeAll)
      .leftJoin('staff', 'staff.id', 'messages.created_by')
      .selectAll('messages')
      .select('staff.username as created_by_name')
      .select((eb) => eb.selectFrom('message_reads').select((e) => e.fn.countAll<number>().as('c')).whereRef('message_reads.message_id', '=', 'messages.id').as('read_count'))
      .orderBy('messages.created_at', 'desc')
      .orderBy('messages.id', 'desc')
      .offset(offset)
      .limit(limit)
      .execute();
    return { rows: rows.map((r) => ({ ...r, read_count: Number(r.read_count ?? 0) })), total: Number(count.n) };
  }

  findById(id: number): Promise<MessageRow | undefined> {
    return this.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
