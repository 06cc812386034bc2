/**
 * Console jobs as staff see them (issue 9): a job started from the console (an audit CSV export,
 * 立即对账) belongs to the staff member who started it, for the site they acted for; nobody else
 * reads its status or its result — not even a super admin, since a result (an export of the audit
 * log) was produced under its owner's scope and permissions. A file result is downloaded once, then
 * deleted; an unclaimed one is deleted when the result expires (JobRunner.sweepResults).
 */
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import type { JobState, JobView } from '@dz/contracts';
import type { AppContext } from '../../infra/context.js';
import { AppError, notFound } from '../../infra/errors.js';
import { hasPermission, StaffAuditor, type Actor } from '../admin-auth/staff-guard.js';
import type { JobRow } from './jobs.repository.js';
import { JobsRepository } from './jobs.repository.js';
import type { JobRunner } from './jobs.service.js';


/** A file a job wrote under DATA_DIR/exports, named in its result. */
export interface JobFile {
  /** The file's name inside the exports folder (never a path: it is joined to the folder). */
  file: string;
  /** The name the browser saves it as. */
  downloadName: string;
  bytes: number;
  downloaded?: boolean;
}

const STATES: Record<JobRow['status'], JobState> = { pending: 'queued', running: 'running', done: 'succeeded', failed: 'failed' };
const JOB_GONE = '任务不存在或已过期';

/** Where console jobs write their files: DATA_DIR/exports (shared storage when there are several instances). */
export function exportsDir(ctx: AppContext): string {
  return join(ctx.config.dataDir, 'exports');
}

export async function ensureExportsDir(ctx: AppContext): Promise<string> {
  const dir = exportsDir(ctx);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** Deletes a job file; a missing one is fine (downloaded, or swept by another instance). */
export async function removeJobFile(ctx: AppContext, f: Pick<JobFile, 'file'> | undefined): Promise<void> {
  if (f?.file) await rm(join(exportsDir(ctx), basename(f.file)), { force: true });
}

function parseResult(row: JobRow): { file?: JobFile } & Record<string, unknown> {
  if (!row.result) return {};
  return JSON.parse(row.result) as { file?: JobFile } & Record<string, unknown>;
}

export function jobView(row: JobRow): JobView {
  const { file, ...rest } = parseResult(row);
  const state = STATES[row.status];
  const total = row.progress_total;
  const done = state === 'succeeded' ? Math.max(row.progress_done, total) : row.progress_done;
  return {
    id: row.id,
    kind: row.name,
    state,
    percent: state === 'succeeded' ? 100 : total > 0 ? Math.min(99, Math.floor((done / total) * 100)) : 0,
    done,
    total,
    message: row.message,
    result: row.result ? rest : null,
    download: file && !file.downloaded ? { name: file.downloadName, bytes: file.bytes } : null,
  };
}

export class JobsConsole {
  private readonly auditor: StaffAuditor;
  constructor(
    private readonly ctx: AppContext,
    private readonly runner: JobRunner,
  ) {
    this.auditor = new StaffAuditor(ctx.audit);
  }

  /** The job if `actor` started it (same staff, same site) and still holds its permission; 404 otherwise. */
  private async owned(actor: Actor, id: number): Promise<JobRow> {
    const row = await this.runner.get(id);
    // One answer for "not yours" and "not there": a job id says nothing about other people's work.
    if (!row || row.owner_staff_id !== actor.staff.id || row.owner_site !== actor.staff.siteCode) throw notFound(JOB_GONE);
    const perm = this.runner.permissionOf(row.name);
    if (perm && !hasPermission(actor.staff, perm)) throw notFound(JOB_GONE);
    return row;
  }

  async view(actor: Actor, id: number): Promise<JobView> {
    return jobView(await this.owned(actor, id));
  }

  /** The job's file, once: the result is marked downloaded before the first byte, and the file is deleted after the last. */
  async download(actor: Actor, id: number): Promise<{ stream: Readable; name: string; bytes: number }> {
    const row = await this.owned(actor, id);
    const result = parseResult(row);
    const file = result.file;
    if (!file || file.downloaded || !row.result) throw new AppError(410, 'GONE', '文件已下载或已过期，请重新导出');
    const path = join(exportsDir(this.ctx), basename(file.file));
    const size = await stat(path).then((s) => s.size).catch(() => null);
    if (size === null) throw new AppError(410, 'GONE', '文件已下载或已过期，请重新导出');
    // Compare-and-set on the result text: of two simultaneous clicks only one gets the file.
    const taken = JSON.stringify({ ...result, file: { ...file, downloaded: true } });
    if (!(await new JobsRepository(this.ctx.db).takeResult(id, row.result, taken))) throw new AppError(410, 'GONE', '文件已下载或已过期，请重新导出');
    await this.auditor.record(actor, { action: `${row.name}.download`, siteCode: actor.staff.siteCode, objectType: 'job', objectId: id, summary: `下载 ${file.downloadName}（${size} 字节）` });
    const stream = createReadStream(path);
    stream.on('close', () => void removeJobFile(this.ctx, file).catch(() => undefined));
    return { stream, name: file.downloadName, bytes: size };
  }
}

/** Who started a console job, as its payload keeps it: a job runs later, maybe on another instance, with no request at hand. */
export interface JobStarter {
  staffId: number;
  username: string;
  siteCode: string;
  ip: string | null;
  requestId: string | null;
}

export const starterOf = (actor: Actor): JobStarter => ({ staffId: actor.staff.id, username: actor.staff.username, siteCode: actor.staff.siteCode, ip: actor.ip, requestId: actor.requestId });
export const ownerOf = (actor: Actor) => ({ staffId: actor.staff.id, siteCode: actor.staff.siteCode });

/** An audit entry written by a job on behalf of the staff member who started it (their IP and request id). */
export function recordForStarter(ctx: AppContext, who: JobStarter, target: { action: string; objectType: string; objectId?: string | number | null; summary: string }): Promise<void> {
  return ctx.audit.record({ actorType: 'staff', actorId: who.staffId, actorName: who.username, siteCode: who.siteCode, ip: who.ip, requestId: who.requestId, result: 'ok', objectId: null, ...target });
}
