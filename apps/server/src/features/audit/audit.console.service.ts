/**
 * The audit log as the console sees it (等保 2.0 §8.1.4.3 安全审计): a super admin sees every
 * entry, anyone else only entries about their site subtree. Reading and exporting the log are
 * themselves audited, so who looked at what is on record too.
 *
 * Issue 9: nothing here scans the log on the request thread. A search page is a keyset page bounded
 * by the primary key (AuditRepository.page); the CSV export is a job (features/jobs) whose work runs
 * in a worker thread (audit.export.ts), so other requests go on being served while it runs.
 */
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { AUDIT_RESULTS, type AuditEntry, type AuditQuery } from '@dz/contracts';
import type { Selectable } from 'kysely';
import type { AuditLogTable } from '../../db/schema.js';
import type { AppContext } from '../../infra/context.js';
import { badRequest } from '../../infra/errors.js';
import { beijingStamp } from '../../infra/time.js';
import type { SitesService } from '../sites/sites.service.js';
import { StaffAuditor, type Actor } from '../admin-auth/staff-guard.js';
import { ensureExportsDir, ownerOf, recordForStarter, removeJobFile, starterOf, type JobFile, type JobStarter } from '../jobs/jobs.console.js';
import type { JobContext, JobRunner } from '../jobs/jobs.service.js';
import type { AuditFilter } from './audit.repository.js';
import type { AuditService } from './audit.service.js';
import { exportInWorker, type ExportWork } from './audit.export.js';

/** Rows one export may hold (newest first); a larger range is refused with a hint to narrow it. */
export const EXPORT_LIMIT = 200_000;
/** Ids one export step reads: a primary-key range, a few milliseconds on the event loop. */
export const EXPORT_WINDOW = 2_000;
export const EXPORT_JOB = 'audit.export';

export type AuditSearch = Omit<AuditQuery, 'page'> & { before?: number };
/** What the export job needs: the resolved filter, and who asked (for the audit entry and the file name). */
interface ExportPayload {
  filter: AuditFilter;
  describe: string;
  by: JobStarter;
}


type AuditRow = Selectable<AuditLogTable>;

function toEntry(r: AuditRow): AuditEntry {
  return {
    id: Number(r.id),
    at: r.at,
    actorType: r.actor_type,
    actorId: r.actor_id == null ? null : Number(r.actor_id),
    actorName: r.actor_name,
    siteCode: r.site_code,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    summary: r.summary,
    ip: r.ip,
    result: r.result,
    requestId: r.request_id,
  };
}

/**
 * A date-only bound is a whole day in 北京时间 (what a staff member means by “11月28日”); a full
 * timestamp is taken as given. Stored times are ISO UTC strings, which compare as text.
 */
export function parseBound(value: string | undefined, end: boolean): string | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const start = Date.parse(`${v}T00:00:00+08:00`);
    if (Number.isNaN(start)) throw badRequest('日期不正确，请使用“年-月-日”格式', { [end ? 'to' : 'from']: '日期不正确' });
    return new Date(end ? start + 86_400_000 - 1 : start).toISOString();
  }
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) throw badRequest('时间格式不正确，请使用“年-月-日”或 ISO 8601 时间', { [end ? 'to' : 'from']: '时间格式不正确' });
  return new Date(ms).toISOString();
}

export class AuditConsoleService {
  private readonly auditor: StaffAuditor;
  constructor(
    private readonly audit: AuditService,
    private readonly sites: SitesService,
  ) {
    this.auditor = new StaffAuditor(audit);
  }

  private filter(actor: Actor, q: AuditSearch): AuditFilter {
    if (q.result && !(q.result in AUDIT_RESULTS)) throw badRequest('结果只能是 ok（成功）、denied（拒绝）或 failed（失败）', { result: '结果取值不正确' });
    const from = parseBound(q.from, false);
    const to = parseBound(q.to, true);
    if (from && to && from > to) throw badRequest('开始时间不能晚于结束时间', { from: '开始时间不能晚于结束时间' });
    return {
      // null = every site, including entries that belong to no site (e.g. an unknown username).
      siteCodes: actor.staff.isSuper ? null : actor.staff.siteCodes,
      action: q.action?.trim() || undefined,
      actorName: q.actorName?.trim() || undefined,
      result: q.result || undefined,
      from,
      to,
    };
  }

  private describe(q: AuditSearch): string {
    const parts = [
      q.action && `操作以“${q.action}”开头`,
      q.actorName && `操作人以“${q.actorName}”开头`,
      q.result && `结果=${AUDIT_RESULTS[q.result as keyof typeof AUDIT_RESULTS] ?? q.result}`,
      q.from && `自 ${q.from}`,
      q.to && `至 ${q.to}`,
    ].filter(Boolean);
    return parts.length ? parts.join('，') : '无筛选条件';
  }

  async list(actor: Actor, q: AuditSearch): Promise<{ items: AuditEntry[]; pageSize: number; next: number | null }> {
    const pageSize = q.pageSize ?? 20;
    const { rows, next } = await this.audit.page(this.filter(actor, q), q.before, pageSize);
    const where = q.before ? `编号 ${q.before} 之前` : '最新一页';
    await this.auditor.record(actor, { action: 'audit.view', siteCode: actor.staff.siteCode, objectType: 'audit', summary: `查看审计日志${where}（${this.describe(q)}）` });
    return { items: rows.map(toEntry), pageSize, next };
  }

  /** Starts the CSV export as a job of `actor`'s; the 202 carries its id. Validation errors come back at once. */
  async startExport(jobs: JobRunner, actor: Actor, q: AuditSearch): Promise<number> {
    const payload: ExportPayload = { filter: this.filter(actor, q), describe: this.describe(q), by: starterOf(actor) };
    const id = await jobs.enqueue(EXPORT_JOB, payload, { owner: ownerOf(actor), maxAttempts: 2, message: '排队中，即将开始导出…' });
    return id!;
  }

  /**
   * The export job: the file is written by a worker thread (audit.export.ts) with its own database
   * connection; this thread relays its progress. A retry (at-least-once) starts the file over. The
   * result names the file for a single download.
   */
  async runExport(ctx: AppContext, raw: unknown, job: JobContext): Promise<{ rows: number; file: JobFile }> {
    const p = raw as ExportPayload;
    const dir = await ensureExportsDir(ctx);
    const file = `audit-${job.id}-${randomUUID()}.csv`;
    const work: ExportWork = {
      databaseUrl: ctx.config.databaseUrl,
      filter: p.filter,
      siteNames: (await this.sites.list()).map((s) => [s.code, s.name]),
      path: join(dir, file),
      limit: EXPORT_LIMIT,
      window: EXPORT_WINDOW,
    };
    let rows: number;
    let bytes: number;
    try {
      await job.progress(0, 1, '正在导出…');
      ({ rows, bytes } = await exportInWorker(work, (pr) => void job.progress(pr.done, pr.total, `正在导出，已写入 ${pr.rows} 条…`).catch(() => undefined)));
    } catch (err) {
      await removeJobFile(ctx, { file });
      throw err;
    }
    const capped = rows >= EXPORT_LIMIT ? `，达到上限仅导出最新${EXPORT_LIMIT}条` : '';
    await recordForStarter(ctx, p.by, { action: EXPORT_JOB, objectType: 'audit', objectId: job.id, summary: `导出审计日志${rows}条（${p.describe}）${capped}` });
    await job.progress(1, 1, `导出完成，共 ${rows} 条${capped}`);
    const day = beijingStamp().slice(0, 8);
    return { rows, file: { file, downloadName: `审计日志-${day}.csv`, bytes } };
  }
}
