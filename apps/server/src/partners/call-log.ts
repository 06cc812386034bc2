/**
 * The partner call log (接口管理 → 调用日志): one row per attempt, with partner, operation,
 * latency, result code and the inbound request id — never a body, and paths with personal numbers
 * redacted by the client. Written in batches so logging costs the call nothing.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Insertable, Kysely } from 'kysely';
import type { DB, PartnerCallsTable } from '../db/schema.js';
import { BatchBuffer } from '../infra/batch-buffer.js';
import type { CallLogEntry } from './partner-client.js';

type Row = Insertable<PartnerCallsTable>;

export class CallLog extends BatchBuffer<Row> {
  constructor(db: Kysely<DB>, log: FastifyBaseLogger, opts: { flushEveryMs?: number } = {}) {
    super(
      async (rows) => {
        // Chunks keep each INSERT well under MySQL's placeholder limit.
        for (let i = 0; i < rows.length; i += 500) await db.insertInto('partner_calls').values(rows.slice(i, i + 500)).execute();
      },
      log,
      { label: '接口调用日志', flushEveryMs: opts.flushEveryMs ?? 1000, flushAt: 200 },
    );
  }

  record(e: CallLogEntry): void {
    this.add({
      partner: e.partner,
      operation: e.operation.slice(0, 64),
      method: e.method,
      path: e.path.slice(0, 300),
      ok: e.ok ? 1 : 0,
      code: e.code.slice(0, 16),
      latency_ms: Math.round(e.ms),
      attempt: e.attempt,
      request_id: e.requestId,
      site_code: e.site,
      created_at: new Date().toISOString(),
    });
  }
}
