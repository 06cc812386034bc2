/**
 * 最近使用: the stops, lines and plans a citizen (or, anonymous, a device) opened, newest first.
 * The same (kind, ref) again moves to the top with its latest title; at most MAX_HISTORY are kept.
 * Without a session or a device id nothing is recorded (400) and the list is empty.
 */
import { MAX_HISTORY, TransitErrorCodes, type HistoryInput, type HistoryItem } from '@dz/contracts';
import type { AppContext } from '../../infra/context.js';
import { AppError, badRequest } from '../../infra/errors.js';
import { HistoryRepository, type HistoryOwner, type TransitHistoryRow } from './history.repository.js';

const view = (r: TransitHistoryRow): HistoryItem => ({ id: r.id, kind: r.kind, ref: r.ref, title: r.title, subtitle: r.subtitle, viewedAt: r.viewed_at });

/** The owner of a request: `u:<id>` / `d:<digest>` as visitor.ts's ownerKey gives it. */
export function historyOwner(key: string | null): HistoryOwner | null {
  if (!key) return null;
  if (key.startsWith('u:')) return { userId: Number(key.slice(2)) };
  if (key.startsWith('d:')) return { deviceId: key };
  return null;
}

export const historyNotFound = () => new AppError(404, TransitErrorCodes.HISTORY_NOT_FOUND, '该记录不存在或已删除');

export class HistoryService {
  constructor(private readonly ctx: Pick<AppContext, 'db'>) {}

  private repo() {
    return new HistoryRepository(this.ctx.db);
  }

  async list(owner: HistoryOwner | null): Promise<HistoryItem[]> {
    if (!owner) return [];
    return (await this.repo().list(owner, MAX_HISTORY)).map(view);
  }

  async add(owner: HistoryOwner | null, input: HistoryInput, site: string): Promise<HistoryItem> {
    if (!owner) throw badRequest('无法记录最近使用：请登录，或允许浏览器保存本地数据后重试');
    const repo = this.repo();
    // Strictly after the newest entry, so "again" is on top even within one millisecond.
    const newest = (await repo.list(owner, 1))[0];
    const now = new Date(Math.max(Date.now(), newest ? Date.parse(newest.viewed_at) + 1 : 0)).toISOString();
    const v = { kind: input.kind, ref: input.ref, title: input.title, subtitle: input.subtitle ?? '', site };
    const id = (await repo.touch(owner, v, now)) ?? (await repo.insert(owner, v, now));
    await repo.trim(owner, MAX_HISTORY);
    const row = await repo.byId(owner, id);
    // Trimmed away by a burst of other views at the same moment: still answer what was recorded.
    return row ? view(row) : { id, kind: v.kind, ref: v.ref, title: v.title, subtitle: v.subtitle, viewedAt: now };
  }

  async remove(owner: HistoryOwner | null, id: number): Promise<void> {
    if (!owner || !(await this.repo().remove(owner, id))) throw historyNotFound();
  }

  async clear(owner: HistoryOwner | null): Promise<void> {
    if (owner) await this.repo().clear(owner);
  }
}
