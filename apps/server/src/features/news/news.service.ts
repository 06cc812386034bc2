/**
 * 资讯: the public list and article for a site (its own and inherited news), and console
 * management. Content is sanitised on the way in, so what is stored is what may be rendered.
 */
import type { AdminNewsListQuery, AdminNewsView, NewsCard, NewsCreateRequest, NewsDetail, NewsUpdateRequest, PagedOf } from '@dz/contracts';
import type { Kysely, Updateable } from 'kysely';
import type { DB, NewsTable } from '../../db/schema.js';
import type { AuditService } from '../audit/audit.service.js';
import { badRequest, notFound } from '../../infra/errors.js';
import { nowIso } from '../../infra/time.js';
import type { SitesService } from '../sites/sites.service.js';
import { StaffAuditor, type Actor } from '../admin-auth/staff-guard.js';
import { changes } from '../catalog/catalog.admin.service.js';
import { ancestryOf, paging } from '../catalog/site-scope.js';
import { NewsRepository, type NewsRow } from './news.repository.js';
import { sanitizeHtml, textOf } from './sanitize.js';
import { PortalReadRepository } from '../pages/portal-read.repository.js';

const STATUS = { draft: '草稿', published: '已发布' } as const;
const SUMMARY_LENGTH = 80;

const toCard = (r: NewsRow): NewsCard => ({ id: Number(r.id), title: r.title, coverUrl: r.cover_url, summary: r.summary, publishedAt: r.published_at, siteCode: r.site_code });
const toDetail = (r: NewsRow): NewsDetail => ({ ...toCard(r), content: r.content });
const toAdmin = (r: NewsRow, siteCode: string): AdminNewsView => ({ ...toDetail(r), status: r.status, inherited: r.site_code !== siteCode, createdAt: r.created_at, updatedAt: r.updated_at });

function cleanContent(html: string): string {
  const clean = sanitizeHtml(html);
  if (!textOf(clean) && !clean.includes('<img')) throw badRequest('正文不能为空（不支持的标签和脚本会被过滤）', { content: '正文为空' });
  return clean;
}

function checkCover(url: string | null): void {
  if (url && !/^(https?:\/\/\S+|\/(?!\/)\S*)$/.test(url)) throw badRequest('封面图片地址须以 http(s):// 或 / 开头', { coverUrl: '地址格式不正确' });
}

export class NewsService {
  private readonly auditor: StaffAuditor;
  constructor(
    private readonly db: Kysely<DB>,
    private readonly sites: SitesService,
    audit: AuditService,
    /** Called after every write to news, so caches built from them (the search index) refresh. */
    private readonly onNewsChanged: () => Promise<void> = async () => {},
  ) {
    this.auditor = new StaffAuditor(audit);
  }

  async list(q: { site?: string | undefined; page?: number | undefined; pageSize?: number | undefined }): Promise<PagedOf<NewsCard>> {
    const ancestry = await ancestryOf(this.sites, q.site);
    const { page, pageSize, offset } = paging(q, 10);
    const { rows, total } = await new NewsRepository(this.db).list({ siteCodes: ancestry, publishedBy: nowIso() }, offset, pageSize);
    return { items: rows.map(toCard), total, page, pageSize };
  }

  /** The list and when it changes by itself: the publication time of the next scheduled article of these sites. */
  async published(q: { site?: string | undefined; page?: number | undefined; pageSize?: number | undefined }, now: number): Promise<{ body: PagedOf<NewsCard>; changesAt: number | null }> {
    const ancestry = await ancestryOf(this.sites, q.site);
    const { page, pageSize, offset } = paging(q, 10);
    const at = new Date(now).toISOString();
    const repo = new NewsRepository(this.db);
    const [{ rows, total }, next] = await Promise.all([repo.list({ siteCodes: ancestry, publishedBy: at }, offset, pageSize), new PortalReadRepository(this.db).nextNewsAt(ancestry, at)]);
    return { body: { items: rows.map(toCard), total, page, pageSize }, changesAt: next ? Date.parse(next) : null };
  }

  async article(id: number): Promise<NewsDetail> {
    const row = await new NewsRepository(this.db).findById(id);
    if (!row || row.status !== 'published' || !row.published_at || row.published_at > nowIso()) throw notFound('该资讯不存在或已撤下');
    return toDetail(row);
  }

  // ---- console -----------------------------------------------------------------------------

  private async siteName(code: string): Promise<string> {
    return (await this.sites.list()).find((s) => s.code === code)?.name ?? code;
  }

  async adminList(actor: Actor, q: AdminNewsListQuery): Promise<PagedOf<AdminNewsView>> {
    const siteCode = q.siteCode ?? actor.staff.siteCode;
    const ancestry = await this.sites.ancestry(siteCode);
    if (!ancestry.length) throw badRequest('所选站点不存在，请刷新后重新选择', { siteCode: '站点不存在' });
    await this.auditor.requireSite(actor, siteCode, { action: 'news.list', objectType: 'site', objectId: siteCode });
    const { page, pageSize, offset } = paging(q);
    const { rows, total } = await new NewsRepository(this.db).list({ siteCodes: ancestry, status: q.status, keyword: q.keyword?.trim() || undefined }, offset, pageSize);
    return { items: rows.map((r) => toAdmin(r, siteCode)), total, page, pageSize };
  }

  private async loadInScope(actor: Actor, id: number, action: string): Promise<NewsRow> {
    const row = await new NewsRepository(this.db).findById(id);
    if (!row) throw notFound('资讯不存在或已删除');
    await this.auditor.requireSite(actor, row.site_code, { action, objectType: 'news', objectId: id, summary: `越权操作${await this.siteName(row.site_code)}的资讯 ${row.title}` });
    return row;
  }

  async create(actor: Actor, body: NewsCreateRequest): Promise<AdminNewsView> {
    const target = { action: 'news.create', objectType: 'news' };
    if (!(await this.sites.list()).some((s) => s.code === body.siteCode)) throw badRequest('所选站点不存在，请刷新后重新选择', { siteCode: '站点不存在' });
    await this.auditor.requireSite(actor, body.siteCode, target);
    const content = cleanContent(body.content);
    const coverUrl = body.coverUrl?.trim() || null;
    checkCover(coverUrl);
    const status = body.status ?? 'draft';
    const now = nowIso();
    const repo = new NewsRepository(this.db);
    const id = await repo.insert({
      site_code: body.siteCode,
      title: body.title.trim(),
      cover_url: coverUrl,
      summary: body.summary?.trim() || textOf(content).slice(0, SUMMARY_LENGTH),
      content,
      status,
      published_at: status === 'published' ? now : null,
      popularity: 0,
      created_at: now,
      updated_at: now,
    });
    const stripped = content.length < body.content.length ? '（正文中不允许的标签或属性已过滤）' : '';
    await this.auditor.record(actor, { ...target, siteCode: body.siteCode, objectId: id, summary: `在${await this.siteName(body.siteCode)}新建资讯 ${body.title.trim()}（${STATUS[status]}）${stripped}` });
    await this.onNewsChanged();
    return toAdmin((await repo.findById(id))!, body.siteCode);
  }

  async update(actor: Actor, id: number, body: NewsUpdateRequest): Promise<AdminNewsView> {
    const row = await this.loadInScope(actor, id, 'news.update');
    const content = body.content === undefined ? row.content : cleanContent(body.content);
    const coverUrl = body.coverUrl === undefined ? row.cover_url : body.coverUrl?.trim() || null;
    checkCover(coverUrl);
    const status = body.status ?? row.status;
    const now = nowIso();
    const values: Updateable<NewsTable> = {
      title: body.title?.trim() ?? row.title,
      cover_url: coverUrl,
      summary: body.summary === undefined ? row.summary : body.summary.trim() || textOf(content).slice(0, SUMMARY_LENGTH),
      content,
      status,
      // Publishing stamps the time once; withdrawing to draft clears it, republishing stamps anew.
      published_at: status === 'draft' ? null : (row.published_at ?? now),
      updated_at: now,
    };
    const repo = new NewsRepository(this.db);
    await repo.update(id, values);
    const summary = changes([
      ['标题', row.title, values.title],
      ['摘要', row.summary, values.summary],
      ['封面', row.cover_url, values.cover_url],
      ['正文', row.content === content ? '' : `${row.content.length}字符`, row.content === content ? '' : `${content.length}字符`],
      ['状态', STATUS[row.status], STATUS[status]],
    ]);
    await this.auditor.record(actor, { action: 'news.update', siteCode: row.site_code, objectType: 'news', objectId: id, summary: `修改资讯 ${row.title}：${summary}` });
    await this.onNewsChanged();
    return toAdmin((await repo.findById(id))!, row.site_code);
  }

  async delete(actor: Actor, id: number): Promise<void> {
    const row = await this.loadInScope(actor, id, 'news.delete');
    await new NewsRepository(this.db).delete(id);
    await this.auditor.record(actor, { action: 'news.delete', siteCode: row.site_code, objectType: 'news', objectId: id, summary: `删除${await this.siteName(row.site_code)}的资讯 ${row.title}` });
    await this.onNewsChanged();
  }
}
