/**
 * 资助政策 (issue 15): the portal's content per site. A county site shows its own and the city's
 * (its ancestors'); expired ones stay listed with `inForce: false`, since a family may still need
 * the rule that applied to last year's term.
 *
 * Reads: the list per (site, category) is kept in memory, tagged with the content version (a
 * console write moves it), and the route serves it as published bytes; a keyword filters that
 * kept list in memory — title, summary and body text in Chinese, the title in full pinyin and in
 * initials (`gjzxj` → 国家助学金) — so a search never scans the table. title_pinyin / title_initials
 * / body_text are written with the row, so no request runs the pinyin dictionary over the table.
 *
 * Writes (console, `content:write`, site scope like 公积金利率): the body goes through the news
 * sanitiser, attachments must be live public files of the same site, every change is audited.
 */
import {
  AID_CATEGORY_NAMES,
  CultureErrorCodes,
  type AidCategory,
  type AidPolicyAdminInput,
  type AidPolicyAdminList,
  type AidPolicyAdminView,
  type AidPolicyList,
  type AidPolicySummary,
  type AidPolicyView,
} from '@dz/contracts';
import type { Kysely } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { AidPolicyRow, DB } from '../../../db/schema.js';
import { AppError, badRequest, notFound } from '../../../infra/errors.js';
import { beijingDay, nowIso } from '../../../infra/time.js';
import { TtlCache } from '../../../infra/ttl-cache.js';
import type { ContentVersion } from '../../../infra/content-version.js';
import { normalise, pinyinForms, queryTerms } from '../../search/search-index.js';
import { sanitizeHtml, textOf } from '../../news/sanitize.js';
import type { SitesService } from '../../sites/sites.service.js';
import { StaffAuditor, type Actor } from '../../admin-auth/staff-guard.js';
import type { AuditService } from '../../audit/audit.service.js';
import { AidPoliciesRepository } from './aid-policies.repository.js';

export const AID_POLICY_PERMISSION = 'content:write';
export const CITY_SITE = '511700';
const LIST_TTL_MS = 60_000;
const policyNotFound = () => new AppError(404, CultureErrorCodes.POLICY_NOT_FOUND, '该资助政策不存在或已下架，请返回列表查看其他政策');

type AdminList = Static<typeof AidPolicyAdminList>;

/** What the list keeps per policy: the summary shown, and the forms a keyword is matched against. */
interface Kept {
  summary: Omit<AidPolicySummary, 'inForce'>;
  hay: string;
  py: string;
  ini: string;
}

export const categoryName = (c: string): string => AID_CATEGORY_NAMES[c as AidCategory] ?? c;

export function inForce(from: string, to: string | null, today = beijingDay()): boolean {
  return from <= today && (to === null || today <= to);
}

/** The columns derived from what the operator writes: sanitised body, its text, the title's pinyin. */
export function derived(title: string, body: string): { body: string; body_text: string; title_pinyin: string; title_initials: string } {
  const clean = sanitizeHtml(body);
  const { py, ini } = pinyinForms(title);
  return { body: clean, body_text: textOf(clean), title_pinyin: py, title_initials: ini };
}

function isDay(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function fileIds(raw: string): string[] {
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** Epoch ms of the next Beijing midnight: when `inForce` may change by itself. */
function nextBeijingMidnight(now = Date.now()): number {
  const offset = 8 * 3_600_000;
  return Math.floor((now + offset) / 86_400_000 + 1) * 86_400_000 - offset;
}

export class AidPoliciesService {
  private readonly repo: AidPoliciesRepository;
  private readonly auditor: StaffAuditor;
  private readonly lists = new TtlCache<Kept[]>(LIST_TTL_MS, 200);

  constructor(
    db: Kysely<DB>,
    private readonly sites: SitesService,
    audit: AuditService,
    private readonly version: ContentVersion,
  ) {
    this.repo = new AidPoliciesRepository(db);
    this.auditor = new StaffAuditor(audit);
  }

  private async chain(site: string | undefined): Promise<string[]> {
    const chain = await this.sites.ancestry(site ?? CITY_SITE);
    if (!chain.length) throw notFound('站点不存在，请重新选择站点');
    return chain;
  }

  private summaryOf(r: AidPolicyRow): Omit<AidPolicySummary, 'inForce'> {
    return {
      id: r.id,
      title: r.title,
      category: r.category,
      categoryName: categoryName(r.category),
      summary: r.summary,
      issuer: r.issuer,
      docNo: r.doc_no,
      effectiveFrom: r.effective_from,
      effectiveTo: r.effective_to,
    };
  }

  /** The kept list of a (site, category), rebuilt when the content version moves. */
  private async kept(site: string | undefined, category: string | undefined): Promise<Kept[]> {
    const chain = await this.chain(site);
    const key = `${chain[0]}:${category ?? ''}`;
    const version = await this.version.current();
    const hit = this.lists.get(key, version);
    if (hit) return hit;
    const rows = await this.repo.published(chain, category);
    const list = rows.map((r) => ({
      summary: this.summaryOf(r),
      hay: normalise(`${r.title} ${r.summary} ${r.body_text} ${r.doc_no}`),
      py: r.title_pinyin,
      ini: r.title_initials,
    }));
    this.lists.set(key, version, list);
    return list;
  }

  /** The public list (`changesAt`: the next Beijing midnight, when `inForce` may turn). */
  async list(site: string | undefined, category: string | undefined, q: string | undefined): Promise<{ body: AidPolicyList; changesAt: number }> {
    const all = await this.kept(site, category);
    const terms = q ? queryTerms(q) : [];
    // Every term must match: a Han term the Chinese text, a latin one the title's pinyin or initials.
    const found = terms.length
      ? all.filter((k) => terms.every((t) => k.hay.includes(t) || (/^[a-z0-9]+$/.test(t) && (k.py.replace(/ /g, '').includes(t) || k.ini.replace(/ /g, '').includes(t)))))
      : q?.trim()
        ? []
        : all;
    const today = beijingDay();
    const items = found.map((k) => ({ ...k.summary, inForce: inForce(k.summary.effectiveFrom, k.summary.effectiveTo, today) }));
    return { body: { items, total: items.length }, changesAt: nextBeijingMidnight() };
  }

  /** One published policy with its attachments. */
  async view(id: number): Promise<{ body: AidPolicyView; changesAt: number }> {
    const r = await this.repo.find(id);
    if (!r || !r.published) throw policyNotFound();
    const ids = fileIds(r.attachment_file_ids);
    const files = new Map((await this.repo.files(ids)).map((f) => [f.id, f]));
    const attachments = ids.flatMap((fid) => {
      const f = files.get(fid);
      return f ? [{ name: f.name, url: `/api/public-files/${encodeURIComponent(f.id)}`, mime: f.mime }] : [];
    });
    return {
      body: { ...this.summaryOf(r), inForce: inForce(r.effective_from, r.effective_to), body: r.body, attachments, updatedAt: r.updated_at },
      changesAt: nextBeijingMidnight(),
    };
  }

  // ---- console ---------------------------------------------------------------------------------

  private adminView(r: AidPolicyRow): AidPolicyAdminView {
    return {
      id: r.id,
      site: r.site_code,
      title: r.title,
      category: r.category as AidCategory,
      summary: r.summary,
      body: r.body,
      issuer: r.issuer,
      docNo: r.doc_no,
      effectiveFrom: r.effective_from,
      effectiveTo: r.effective_to,
      attachmentFileIds: fileIds(r.attachment_file_ids),
      published: Boolean(Number(r.published)),
      updatedAt: r.updated_at,
      updatedBy: r.updated_by,
    };
  }

  /** The console's site (default the staff member's own), which must exist and be in scope. */
  async siteOf(actor: Actor, site: string | undefined, action: string): Promise<string> {
    const code = site ?? actor.staff.siteCode;
    if (!(await this.sites.list()).some((s) => s.code === code)) throw notFound('站点不存在，请重新选择站点');
    await this.auditor.requireSite(actor, code, { action, objectType: 'aid_policy' });
    return code;
  }

  async adminList(siteCode: string, category: string | undefined): Promise<AdminList> {
    const items = (await this.repo.ofSite(siteCode, category)).map((r) => this.adminView(r));
    return { items, total: items.length };
  }

  private async validate(input: AidPolicyAdminInput): Promise<void> {
    const fields: Record<string, string> = {};
    if (!input.title.trim()) fields.title = '请填写政策名称';
    if (!isDay(input.effectiveFrom)) fields.effectiveFrom = '生效日期不是有效的日期，请按 YYYY-MM-DD 填写';
    if (input.effectiveTo !== null) {
      if (!isDay(input.effectiveTo)) fields.effectiveTo = '失效日期不是有效的日期，请按 YYYY-MM-DD 填写，长期有效请留空';
      else if (input.effectiveTo < input.effectiveFrom) fields.effectiveTo = '失效日期不能早于生效日期';
    }
    if (!textOf(sanitizeHtml(input.body)).trim()) fields.body = '请填写政策内容（清理不安全的代码后内容为空）';
    const ids = [...new Set(input.attachmentFileIds)];
    if (ids.length) {
      const files = await this.repo.files(ids);
      const ok = new Set(files.filter((f) => f.site_code === input.site).map((f) => f.id));
      const missing = ids.filter((x) => !ok.has(x));
      if (missing.length) fields.attachmentFileIds = `附件不存在或不属于本站点（${missing.length} 个），请在文件中心上传后重新选择`;
    }
    const first = Object.values(fields)[0];
    if (first) throw badRequest(first, fields);
  }

  private columns(actor: Actor, input: AidPolicyAdminInput) {
    return {
      title: input.title.trim(),
      category: input.category,
      summary: input.summary.trim(),
      issuer: input.issuer.trim(),
      doc_no: input.docNo.trim(),
      effective_from: input.effectiveFrom,
      effective_to: input.effectiveTo,
      attachment_file_ids: JSON.stringify([...new Set(input.attachmentFileIds)]),
      published: input.published ? 1 : 0,
      updated_by: actor.staff.username,
      updated_at: nowIso(),
      ...derived(input.title.trim(), input.body),
    };
  }

  private async byId(id: number): Promise<AidPolicyRow> {
    const r = await this.repo.find(id);
    if (!r) throw policyNotFound();
    return r;
  }

  async create(actor: Actor, input: AidPolicyAdminInput): Promise<AidPolicyAdminView> {
    const site = await this.siteOf(actor, input.site, 'education.aid-policy.create');
    await this.validate({ ...input, site });
    const cols = this.columns(actor, input);
    const id = await this.repo.insert({ ...cols, site_code: site, created_at: cols.updated_at });
    await this.auditor.record(actor, { action: 'education.aid-policy.create', siteCode: site, objectType: 'aid_policy', objectId: id, summary: `新增资助政策“${cols.title}”（${categoryName(input.category)}）` });
    return this.adminView(await this.byId(id));
  }

  /** A policy of a site in scope; another site's is refused (and audited). The site never moves. */
  private async own(actor: Actor, id: number, action: string): Promise<AidPolicyRow> {
    const row = await this.byId(id);
    await this.auditor.requireSite(actor, row.site_code, { action, objectType: 'aid_policy', objectId: id });
    return row;
  }

  async update(actor: Actor, id: number, input: AidPolicyAdminInput): Promise<AidPolicyAdminView> {
    const row = await this.own(actor, id, 'education.aid-policy.update');
    if (input.site !== row.site_code) throw badRequest('资助政策不能改到其他站点，请在目标站点新建', { site: '不能修改所属站点' });
    await this.validate(input);
    const cols = this.columns(actor, input);
    await this.repo.update(id, cols);
    await this.auditor.record(actor, { action: 'education.aid-policy.update', siteCode: row.site_code, objectType: 'aid_policy', objectId: id, summary: `修改资助政策“${cols.title}”${cols.published ? '' : '（未发布）'}` });
    return this.adminView(await this.byId(id));
  }

  async remove(actor: Actor, id: number): Promise<void> {
    const row = await this.own(actor, id, 'education.aid-policy.delete');
    await this.repo.remove(id);
    await this.auditor.record(actor, { action: 'education.aid-policy.delete', siteCode: row.site_code, objectType: 'aid_policy', objectId: id, summary: `删除资助政策“${row.title}”` });
  }
}
