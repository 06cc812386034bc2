/**
 * 常见问题 (FAQ) per site and 答复模板 (reply templates).
 *
 * - Inheritance: a site sees its own entries and its ancestors' (a county the city's and the
 *   province's) — the lineage of contracts' sites.ts, as pages, the catalogue and news use it.
 *   Unlike forms there is no override by key: every entry of the lineage is shown.
 * - Public reads come from a per-site in-memory list tagged with the content version (one query
 *   per site per version, then every search is a scan of a few hundred entries). Every console
 *   write bumps that version, so every instance serves the change within about a second.
 * - Console: scope is the staff member's site subtree; a parent site's entries are listed
 *   (inherited) but read-only, and the refusal is audited like any other.
 */
import type { FaqList, FaqQuery, FaqSave, FaqView, ReplyTemplateSave, ReplyTemplateView } from '@dz/contracts';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AuditService } from '../audit/audit.service.js';
import type { SitesService } from '../sites/sites.service.js';
import type { ContentVersion } from '../../infra/content-version.js';
import { badRequest, forbidden, notFound } from '../../infra/errors.js';
import { nowIso } from '../../infra/time.js';
import { StaffAuditor, inScope, type Actor } from '../admin-auth/staff-guard.js';
import { changes } from '../catalog/catalog.admin.service.js';
import { ancestryOf, paging } from '../catalog/site-scope.js';
import { pinyinForms } from '../search/search-index.js';
import { categoriesOf, entryOf, matchFaqs, similarFaqs, type FaqEntry } from './faq-match.js';
import { FaqsRepository, ReplyTemplatesRepository, type FaqRow, type ReplyTemplateRow } from './faqs.repository.js';

const toFaq = (r: FaqRow, siteCode: string | null): FaqView => ({
  id: Number(r.id),
  siteCode: r.site_code,
  category: r.category,
  question: r.question,
  answer: r.answer,
  sort: Number(r.sort),
  published: Number(r.published) === 1,
  sourceInteractionId: r.source_case_id == null ? null : Number(r.source_case_id),
  inherited: siteCode !== null && r.site_code !== siteCode,
  updatedAt: r.updated_at,
});

const toTemplate = (r: ReplyTemplateRow, siteCode: string): ReplyTemplateView => ({
  id: Number(r.id),
  siteCode: r.site_code,
  departmentId: r.department_id == null ? null : Number(r.department_id),
  departmentName: r.department_name,
  title: r.title,
  body: r.body,
  inherited: r.site_code !== siteCode,
  updatedAt: r.updated_at,
});

/** Web markup has no place in plain text that is shown to citizens. */
const MARKUP = /<\s*\/?\s*(script|iframe|img|a|style|svg|object|embed)\b/i;

interface SiteList {
  version: string;
  entries: FaqEntry[];
}

export class FaqService {
  private readonly auditor: StaffAuditor;
  /** Published entries per site, tagged with the content version they were read at. */
  private readonly lists = new Map<string, SiteList>();
  private readonly pending = new Map<string, Promise<SiteList>>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly sites: SitesService,
    audit: AuditService,
    private readonly version: ContentVersion,
  ) {
    this.auditor = new StaffAuditor(audit);
  }

  // ---- public --------------------------------------------------------------------------------

  private async published(site: string, lineage: string[]): Promise<FaqEntry[]> {
    const version = await this.version.current();
    const have = this.lists.get(site);
    if (have?.version === version) return have.entries;
    const flight = `${version}\u0000${site}`;
    let p = this.pending.get(flight);
    if (!p) {
      p = new FaqsRepository(this.db)
        .listForSites(lineage, true)
        .then((rows) => {
          const list = { version, entries: rows.map(entryOf) };
          // A write during the read moved the version: the list is still right for `version` only.
          if (this.version.known === version) this.lists.set(site, list);
          return list;
        })
        .finally(() => this.pending.delete(flight));
      this.pending.set(flight, p);
    }
    return (await p).entries;
  }

  async list(q: FaqQuery): Promise<FaqList> {
    const lineage = await ancestryOf(this.sites, q.site);
    const all = await this.published(lineage[0]!, lineage);
    return this.page(all, q, null);
  }

  private page(all: FaqEntry[], q: { q?: string | undefined; category?: string | undefined; mode?: 'all' | 'similar' | undefined; page?: number | undefined; pageSize?: number | undefined }, siteCode: string | null): FaqList {
    const category = q.category?.trim();
    const pool = category ? all.filter((e) => e.row.category === category) : all;
    const matched = q.mode === 'similar' ? similarFaqs(pool, q.q) : matchFaqs(pool, q.q);
    const { page, pageSize, offset } = paging(q);
    return {
      items: matched.slice(offset, offset + pageSize).map((e) => toFaq(e.row, siteCode)),
      total: matched.length,
      page,
      pageSize,
      categories: categoriesOf(all),
    };
  }

  /** One published entry; each reading counts (常见问题's 浏览量). */
  async view(id: number): Promise<FaqView> {
    const repo = new FaqsRepository(this.db);
    const row = await repo.findById(id);
    if (!row || Number(row.published) !== 1) throw notFound('该问题不存在或已撤下');
    await repo.addView(id);
    return toFaq(row, null);
  }

  // ---- console: 常见问题 ----------------------------------------------------------------------

  private async siteName(code: string): Promise<string> {
    return (await this.sites.list()).find((s) => s.code === code)?.name ?? code;
  }

  private async knownSite(code: string): Promise<void> {
    if (!(await this.sites.list()).some((s) => s.code === code)) throw badRequest('所选站点不存在，请刷新后重新选择', { site: '站点不存在' });
  }

  /**
   * The staff member may change rows of this site, or 403 (audited). A row of a site above them
   * (what a county inherits from the city) gets its own reason: it is visible, just not theirs.
   */
  private async requireOwn(actor: Actor, siteCode: string, target: { action: string; objectType: string; objectId: number; what: string }): Promise<void> {
    if (inScope(actor.staff, siteCode)) return;
    const name = await this.siteName(siteCode);
    const above = (await this.sites.ancestry(actor.staff.siteCode)).includes(siteCode);
    const message = above ? `该${target.what}由上级站点（${name}）维护，本站点只能查看和使用，不能修改或删除` : '您只能管理本站点及下级站点的数据';
    await this.auditor.deny(actor, { action: target.action, siteCode, objectType: target.objectType, objectId: target.objectId, summary: `越权操作${name}的${target.what}` }, forbidden(message));
  }

  async adminList(actor: Actor, q: { site?: string | undefined; q?: string | undefined; category?: string | undefined; page?: number | undefined; pageSize?: number | undefined }): Promise<FaqList> {
    const site = q.site ?? actor.staff.siteCode;
    const lineage = await this.sites.ancestry(site);
    if (!lineage.length) throw badRequest('所选站点不存在，请刷新后重新选择', { site: '站点不存在' });
    await this.auditor.requireSite(actor, site, { action: 'faq.list', objectType: 'site', objectId: site });
    const rows = await new FaqsRepository(this.db).listForSites(lineage, false);
    const list = this.page(rows.map(entryOf), q, site);
    // 来源: the console names the interaction an entry was made from by its number.
    const ids = [...new Set(list.items.map((f) => f.sourceInteractionId).filter((id): id is number => id !== null))];
    if (ids.length) {
      const nos = new Map((await this.db.selectFrom('cases').select(['id', 'case_no']).where('id', 'in', ids).execute()).map((r) => [Number(r.id), r.case_no]));
      for (const f of list.items) if (f.sourceInteractionId !== null) f.sourceInteractionNo = nos.get(f.sourceInteractionId) ?? null;
    }
    return list;
  }

  /** Trimmed text, checked again after trimming (the schema counted the spaces). */
  private async clean(actor: Actor, body: FaqSave): Promise<{ category: string; question: string; answer: string }> {
    const category = body.category.trim();
    const question = body.question.trim();
    const answer = body.answer.trim();
    const fields: Record<string, string> = {};
    if (!category) fields.category = '请填写分类';
    if ([...question].length < 4) fields.question = '问题至少 4 个字';
    else if (MARKUP.test(question)) fields.question = '不能包含网页代码，请只填写文字';
    if ([...answer].length < 2) fields.answer = '答案至少 2 个字';
    else if (MARKUP.test(answer)) fields.answer = '不能包含网页代码，请只填写文字';
    if (body.sourceInteractionId != null) {
      const site = await new FaqsRepository(this.db).interactionSite(body.sourceInteractionId);
      if (!site || !inScope(actor.staff, site)) fields.sourceInteractionId = '来源互动不存在或不在您的管理范围内';
    }
    const first = Object.values(fields)[0];
    if (first) throw badRequest(first, fields);
    return { category, question, answer };
  }

  async create(actor: Actor, body: FaqSave): Promise<FaqView> {
    await this.knownSite(body.site);
    await this.auditor.requireSite(actor, body.site, { action: 'faq.create', objectType: 'faq' });
    const text = await this.clean(actor, body);
    const forms = pinyinForms(text.question);
    const now = nowIso();
    const repo = new FaqsRepository(this.db);
    const id = await repo.insert({
      site_code: body.site,
      ...text,
      question_py: forms.py.slice(0, 1000),
      question_ini: forms.ini.slice(0, 400),
      sort: body.sort ?? 0,
      published: body.published === false ? 0 : 1,
      source_case_id: body.sourceInteractionId ?? null,
      views: 0,
      created_at: now,
      updated_at: now,
      updated_by: actor.staff.username,
    });
    const from = body.sourceInteractionId ? `（转自互动 ${body.sourceInteractionId}）` : '';
    await this.auditor.record(actor, { action: 'faq.create', siteCode: body.site, objectType: 'faq', objectId: id, summary: `在${await this.siteName(body.site)}新建常见问题［${text.category}］${text.question}${from}` });
    await this.version.bump();
    return toFaq((await repo.findById(id))!, body.site);
  }

  private async load(actor: Actor, id: number, action: string): Promise<FaqRow> {
    const row = await new FaqsRepository(this.db).findById(id);
    if (!row) throw notFound('该常见问题不存在或已删除');
    await this.requireOwn(actor, row.site_code, { action, objectType: 'faq', objectId: id, what: '常见问题' });
    return row;
  }

  async update(actor: Actor, id: number, body: FaqSave): Promise<FaqView> {
    const row = await this.load(actor, id, 'faq.update');
    if (body.site !== row.site_code) throw badRequest('常见问题的所属站点不能更改', { site: '所属站点不能更改' });
    const text = await this.clean(actor, body);
    const forms = text.question === row.question ? { py: row.question_py, ini: row.question_ini } : pinyinForms(text.question);
    const published = body.published === undefined ? Number(row.published) : body.published ? 1 : 0;
    const sort = body.sort ?? Number(row.sort);
    const source = body.sourceInteractionId === undefined ? row.source_case_id : body.sourceInteractionId;
    const repo = new FaqsRepository(this.db);
    await repo.update(id, {
      ...text,
      question_py: forms.py.slice(0, 1000),
      question_ini: forms.ini.slice(0, 400),
      sort,
      published,
      source_case_id: source,
      updated_at: nowIso(),
      updated_by: actor.staff.username,
    });
    const state = (p: number) => (Number(p) === 1 ? '已发布' : '未发布');
    const summary = changes([
      ['分类', row.category, text.category],
      ['问题', row.question, text.question],
      ['答案', row.answer === text.answer ? '' : `${row.answer.length}字`, row.answer === text.answer ? '' : `${text.answer.length}字`],
      ['排序', String(row.sort), String(sort)],
      ['状态', state(row.published), state(published)],
    ]);
    await this.auditor.record(actor, { action: 'faq.update', siteCode: row.site_code, objectType: 'faq', objectId: id, summary: `修改常见问题 ${row.question}：${summary}` });
    await this.version.bump();
    return toFaq((await repo.findById(id))!, row.site_code);
  }

  async delete(actor: Actor, id: number): Promise<void> {
    const row = await this.load(actor, id, 'faq.delete');
    await new FaqsRepository(this.db).delete(id);
    await this.auditor.record(actor, { action: 'faq.delete', siteCode: row.site_code, objectType: 'faq', objectId: id, summary: `删除${await this.siteName(row.site_code)}的常见问题［${row.category}］${row.question}` });
    await this.version.bump();
  }

  // ---- console: 答复模板 ----------------------------------------------------------------------

  /** The department, which must be one of the site's own (400 naming the field otherwise). */
  private async departmentOf(site: string, departmentId: number): Promise<{ id: number; name: string }> {
    const d = await new ReplyTemplatesRepository(this.db).department(departmentId);
    if (!d) throw badRequest('所选部门不存在，请刷新后重新选择', { departmentId: '部门不存在' });
    if (d.site_code !== site) throw badRequest(`“${d.name}”不属于${await this.siteName(site)}，请选择本站点的部门`, { departmentId: '部门不属于所选站点' });
    return d;
  }

  /**
   * The templates a reply can use: the site's and its ancestors' site-wide ones, plus the given
   * department's (without one: every department template of the site, for the management page).
   * Department templates come first — they are the most specific — then the site's own, then inherited.
   */
  async templates(actor: Actor, q: { site?: string | undefined; departmentId?: number | undefined }): Promise<{ items: ReplyTemplateView[] }> {
    const site = q.site ?? actor.staff.siteCode;
    const lineage = await this.sites.ancestry(site);
    if (!lineage.length) throw badRequest('所选站点不存在，请刷新后重新选择', { site: '站点不存在' });
    await this.auditor.requireSite(actor, site, { action: 'reply-template.list', objectType: 'site', objectId: site });
    if (q.departmentId !== undefined) await this.departmentOf(site, q.departmentId);
    const rows = await new ReplyTemplatesRepository(this.db).list(lineage, site, q.departmentId ?? null);
    const rank = (r: ReplyTemplateRow) => (r.department_id != null ? -1 : lineage.indexOf(r.site_code));
    const ordered = rows.map((r, i) => ({ r, i })).sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i);
    return { items: ordered.map(({ r }) => toTemplate(r, site)) };
  }

  private cleanTemplate(body: ReplyTemplateSave): { title: string; body: string } {
    const title = body.title.trim();
    const text = body.body.trim();
    const fields: Record<string, string> = {};
    if (!title) fields.title = '请填写模板名称';
    if ([...text].length < 2) fields.body = '模板内容至少 2 个字';
    else if (MARKUP.test(text)) fields.body = '不能包含网页代码，请只填写文字';
    const first = Object.values(fields)[0];
    if (first) throw badRequest(first, fields);
    return { title, body: text };
  }

  async createTemplate(actor: Actor, body: ReplyTemplateSave): Promise<ReplyTemplateView> {
    await this.knownSite(body.site);
    await this.auditor.requireSite(actor, body.site, { action: 'reply-template.create', objectType: 'reply-template' });
    const text = this.cleanTemplate(body);
    const department = body.departmentId != null ? await this.departmentOf(body.site, body.departmentId) : null;
    const now = nowIso();
    const repo = new ReplyTemplatesRepository(this.db);
    const id = await repo.insert({ site_code: body.site, department_id: department?.id ?? null, ...text, created_at: now, updated_at: now, updated_by: actor.staff.username });
    const scope = department ? department.name : `${await this.siteName(body.site)}（全部部门）`;
    await this.auditor.record(actor, { action: 'reply-template.create', siteCode: body.site, objectType: 'reply-template', objectId: id, summary: `新建答复模板 ${text.title}，适用于${scope}` });
    return toTemplate((await repo.findById(id))!, body.site);
  }

  private async loadTemplate(actor: Actor, id: number, action: string): Promise<ReplyTemplateRow> {
    const row = await new ReplyTemplatesRepository(this.db).findById(id);
    if (!row) throw notFound('该答复模板不存在或已删除');
    await this.requireOwn(actor, row.site_code, { action, objectType: 'reply-template', objectId: id, what: '答复模板' });
    return row;
  }

  async updateTemplate(actor: Actor, id: number, body: ReplyTemplateSave): Promise<ReplyTemplateView> {
    const row = await this.loadTemplate(actor, id, 'reply-template.update');
    if (body.site !== row.site_code) throw badRequest('答复模板的所属站点不能更改', { site: '所属站点不能更改' });
    const text = this.cleanTemplate(body);
    const departmentId = body.departmentId === undefined ? row.department_id : body.departmentId;
    const department = departmentId != null ? await this.departmentOf(row.site_code, departmentId) : null;
    const repo = new ReplyTemplatesRepository(this.db);
    await repo.update(id, { ...text, department_id: department?.id ?? null, updated_at: nowIso(), updated_by: actor.staff.username });
    const summary = changes([
      ['名称', row.title, text.title],
      ['适用部门', row.department_name ?? '全部部门', department?.name ?? '全部部门'],
      ['内容', row.body === text.body ? '' : `${row.body.length}字`, row.body === text.body ? '' : `${text.body.length}字`],
    ]);
    await this.auditor.record(actor, { action: 'reply-template.update', siteCode: row.site_code, objectType: 'reply-template', objectId: id, summary: `修改答复模板 ${row.title}：${summary}` });
    return toTemplate((await repo.findById(id))!, row.site_code);
  }

  async deleteTemplate(actor: Actor, id: number): Promise<void> {
    const row = await this.loadTemplate(actor, id, 'reply-template.delete');
    await new ReplyTemplatesRepository(this.db).delete(id);
    await this.auditor.record(actor, { action: 'reply-template.delete', siteCode: row.site_code, objectType: 'reply-template', objectId: id, summary: `删除答复模板 ${row.title}（${row.department_name ?? '全部部门'}）` });
  }
}
