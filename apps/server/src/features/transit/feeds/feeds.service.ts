/**
 * 公交数据 (console): a staff member uploads the bus company's GTFS zip for a site they manage;
 * the import validates it and, only when valid, puts it in service. Checked by permission
 * (content:write — the timetable is published content: its write bumps the content version like
 * 页面配置) and by site scope; every import, accepted or refused, is in the audit log.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TransitErrorCodes, type FeedImportResponse, type FeedView } from '@dz/contracts';
import type { AppContext } from '../../../infra/context.js';
import { AppError, badRequest, notFound } from '../../../infra/errors.js';
import { StaffAuditor, type Actor } from '../../admin-auth/staff-guard.js';
import { looksLikeZip } from './gtfs-reader.js';
import { importFeed } from './import.js';
import { FeedsRepository } from './feeds.repository.js';

export const FEED_PERMISSION = 'content:write';
export const FEED_MAX_BYTES = 300 * 1024 * 1024;
export const GTFS_INVALID_MESSAGE = 'GTFS 数据校验未通过，在用的公交数据未改变；请按问题列表修改后重新上传';

export const notAZip = () => badRequest('请上传 GTFS 数据的 .zip 压缩包（文件内容不是 zip 格式）');

export class FeedsService {
  private readonly auditor: StaffAuditor;
  private readonly repo: FeedsRepository;
  constructor(private readonly ctx: AppContext) {
    this.auditor = new StaffAuditor(ctx.audit);
    this.repo = new FeedsRepository(ctx.db);
  }

  /** The site acted on: the one asked (in scope) or the staff member's own; 404 when it does not exist. */
  async siteOf(actor: Actor, site: string | undefined, action: string): Promise<string> {
    const code = site ?? actor.staff.siteCode;
    if (!(await this.ctx.sites.list()).some((s) => s.code === code)) throw notFound('站点不存在，请重新选择站点');
    await this.auditor.requireSite(actor, code, { action, objectType: 'transit_feed' });
    return code;
  }

  list(siteCode: string): Promise<FeedView[]> {
    return this.repo.list(siteCode);
  }

  /**
   * Streams the upload to a temporary file under DATA_DIR (never whole in memory), checks by its
   * first bytes that it is a zip, imports it and removes the file.
   */
  async upload(actor: Actor, siteCode: string, fileName: string, file: Readable & { truncated?: boolean }): Promise<FeedImportResponse> {
    const dir = join(this.ctx.config.dataDir, 'tmp');
    await mkdir(dir, { recursive: true });
    const path = join(dir, `gtfs-${randomUUID()}.zip`);
    try {
      await pipeline(file, createWriteStream(path));
      if (file.truncated) throw new AppError(413, 'PAYLOAD_TOO_LARGE', `GTFS 压缩包不能超过 ${FEED_MAX_BYTES / 1024 / 1024}MB`);
      const head = Buffer.alloc(4);
      const fh = await open(path, 'r');
      try {
        await fh.read(head, 0, 4, 0);
      } finally {
        await fh.close();
      }
      if (!looksLikeZip(head)) throw notAZip();

      const result = await importFeed(this.ctx, { siteCode, source: path, fileName, createdBy: actor.staff.username });
      if ('errors' in result) {
        await this.auditor.record(actor, { action: 'transit.feed.import', siteCode, objectType: 'transit_feed', objectId: result.feedId, summary: `导入 ${fileName}：校验未通过，${result.errorCount} 处错误` }, 'failed');
        throw new AppError(400, TransitErrorCodes.GTFS_INVALID, GTFS_INVALID_MESSAGE, { details: { feedId: result.feedId, errorCount: result.errorCount, errors: result.errors, warnings: result.warnings } });
      }
      await this.auditor.record(actor, {
        action: 'transit.feed.import',
        siteCode,
        objectType: 'transit_feed',
        objectId: result.feedId,
        summary: `导入 ${fileName}：${result.stops} 个站点、${result.routes} 条线路、${result.trips} 个班次、${result.stopTimes} 条停站时间，已替换在用数据`,
      });
      return result;
    } finally {
      await rm(path, { force: true });
    }
  }
}
