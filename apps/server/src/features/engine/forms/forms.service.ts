/**
 * The forms core (issue 10, ARCHITECTURE "Cores": forms). A form is data: a definition per site
 * (`form_defs`: title, workflow, status, the designer's draft) and immutable published versions
 * (`form_versions`), so a case always shows the exact version it was filed under.
 *
 * - Inheritance: a site without its own published form uses the nearest ancestor's (county →
 *   city → province), by the one rule of contracts `sites.ts`. A county that saves or publishes a
 *   city form gets its own override; the city and the other counties keep the city's.
 * - Reads: `resolve` is on the path of every form opening and every filing, so resolved forms are
 *   kept in process memory, tagged with the content version. Every console write to forms bumps
 *   that version (infra/published.ts CONTENT_WRITES), so a designer's publish is served at once
 *   here and within ~300 ms on other instances.
 * - Prefill: a registry keyed by source (`user.*`, `company.*`); 电子证照 sources (`licence.*`)
 *   come from the licences feature (setLicencePrefill), only once the holder agreed for the form.
 */
import {
  FormErrorCodes,
  FORM_STATUS_NAMES,
  checkFormDefinition,
  pickInherited,
  pickInheritedEach,
  siteLineage,
  type AdminFormCreate,
  type AdminFormDetail,
  type AdminFormDraft,
  type AdminFormRow,
  type AdminFormVersion,
  type FormField,
  type FormStatus,
  type FormView,
} from '@dz/contracts';
import type { AppContext } from '../../../infra/context.js';
import type { ContentVersion } from '../../../infra/content-version.js';
import { AppError, badRequest, conflict } from '../../../infra/errors.js';
import { isDuplicateKey } from '../../../infra/duplicate-key.js';
import { nowIso } from '../../../infra/time.js';
import { StaffAuditor, type Actor } from '../../admin-auth/staff-guard.js';
import type { SitesService } from '../../sites/sites.service.js';
import { FormsRepository, type FormDefRow, type FormVersionRow } from './forms.repository.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The forms core: resolved published forms per site, exact versions, prefill (issue 10). */
    forms: FormsService;
  }
}

/** A published form version as a case uses it. */
export interface ResolvedForm {
  code: string;
  title: string;
  description: string | null;
  /** The site whose version this is (a county inherits the city's). */
  siteCode: string;
  version: number;
  workflowCode: string;
  departmentId: number | null;
  itemId: number | null;
  fields: FormField[];
}

type UserForPrefill = NonNullable<Awaited<ReturnType<FormsRepository['user']>>>;
type PrefillReader = (u: UserForPrefill, ctx: AppContext) => string | null;

const dec = (ctx: AppContext, v: string | null): string | null => (v ? ctx.gm.decrypt(v) : null);
const verified = (u: UserForPrefill) => Number(u.real_name_verified) === 1;

/**
 * Where each prefill source reads from. The ID number only once the account is real-name verified
 * (an unverified number is what the citizen typed, not a fact to put on an application). For a
 * company account `user.*` is its legal representative (法定代表人), as in the users table.
 */
export const PREFILL_READERS: Record<string, PrefillReader> = {
  'user.name': (u, ctx) => dec(ctx, u.name_enc),
  'user.idNumber': (u, ctx) => (verified(u) ? dec(ctx, u.id_number_enc) : null),
  'user.phone': (u, ctx) => dec(ctx, u.phone_enc),
  'company.name': (u) => (u.kind === 'corp' ? u.corp_name : null),
  'company.creditCode': (u, ctx) => (u.kind === 'corp' ? dec(ctx, u.credit_code_enc) : null),
};

/**
 * 电子证照 sources (`licence.<type>.<key>`), served by the licences feature once the holder agreed
 * for the form (免提交). Registered by that plugin; the forms core only asks.
 */
export interface LicencePrefillProvider {
  consented(userId: number, formCode: string): Promise<boolean>;
  /** Values by source (`licence.driving-licence.licenceNo` → …); a source without a value is absent. */
  values(userId: number, sources: string[]): Promise<Record<string, string>>;
}

export const LICENCE_SOURCE = 'licence.';

/** Resolved forms kept per process; a designer's site has tens of forms, this bounds a crawler. */
const CACHE_MAX = 2000;
const VERSION_LIST_LIMIT = 100;

function parseFields(json: string | null): FormField[] {
  if (!json) return [];
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v as FormField[]) : [];
  } catch {
    return [];
  }
}

const formNotFound = (message = '该表单不存在或已下线') => new AppError(404, FormErrorCodes.FORM_NOT_FOUND, message);

export class FormsService {
  private readonly cache = new Map<string, ResolvedForm | null>();
  private cacheVersion: string | null = null;
  private readonly auditor: StaffAuditor;
  private licenceSource: LicencePrefillProvider | null = null;

  constructor(
    private readonly ctx: AppContext,
    private readonly sites: SitesService,
    private readonly contentVersion: ContentVersion,
  ) {
    this.auditor = new StaffAuditor(ctx.audit);
  }

  private get repo(): FormsRepository {
    return new FormsRepository(this.ctx.db);
  }

  /** The licences feature serves `licence.*` prefill through this. */
  setLicencePrefill(provider: LicencePrefillProvider): void {
    this.licenceSource = provider;
  }

  /** The site, its city, the province (nearest first). */
  async lineage(site: string): Promise<string[]> {
    const rows = await this.sites.list();
    const parents = new Map(rows.map((r) => [r.code, r.parent_code]));
    return siteLineage(site, (c) => parents.get(c) ?? null);
  }

  private async siteName(code: string): Promise<string> {
    return (await this.sites.list()).find((r) => r.code === code)?.name ?? code;
  }

  // ---- citizens and the engine -----------------------------------------------------------------

  /**
   * The latest published version for the site, inherited from the city / province when the site
   * has none; null if there is none, or the nearest definition is offline (a county that takes its
   * override offline does not fall back to the city's).
   */
  async resolve(code: string, site: string): Promise<ResolvedForm | null> {
    const version = await this.contentVersion.current();
    if (version !== this.cacheVersion) {
      this.cache.clear();
      this.cacheVersion = version;
    }
    const key = `${code}\u0000${site}`;
    if (this.cache.has(key)) return this.cache.get(key)!;
    const resolved = await this.resolveUncached(code, site);
    // Stored only if no publish moved the version while this was read.
    if (this.cacheVersion === version) {
      if (this.cache.size >= CACHE_MAX) this.cache.clear();
      this.cache.set(key, resolved);
    }
    return resolved;
  }

  private async resolveUncached(code: string, site: string): Promise<ResolvedForm | null> {
    const lineage = await this.lineage(site);
    const defs = await this.repo.defsIn(code, lineage);
    // A definition counts once it has been published, or when it is offline (an override that hides the parent's).
    const def = pickInherited(
      defs.filter((d) => Number(d.latest_version) > 0 || d.status === 'offline').map((d) => ({ ...d, siteCode: d.site_code })),
      lineage,
    );
    if (!def || def.status !== 'online') return null;
    const row = await this.repo.findVersion(code, def.site_code, Number(def.latest_version));
    return row ? this.toResolved(def, row) : null;
  }

  /** An exact version (what a case was filed under), whatever the form's status now. */
  async version(code: string, formSite: string, version: number): Promise<ResolvedForm | null> {
    const repo = this.repo;
    const [def, row] = await Promise.all([repo.findDef(code, formSite), repo.findVersion(code, formSite, version)]);
    return def && row ? this.toResolved(def, row) : null;
  }

  private toResolved(def: FormDefRow, row: FormVersionRow): ResolvedForm {
    return {
      code: def.code,
      title: row.title,
      description: def.description,
      siteCode: row.site_code,
      version: Number(row.version),
      workflowCode: def.workflow_code,
      departmentId: def.department_id == null ? null : Number(def.department_id),
      itemId: def.item_id == null ? null : Number(def.item_id),
      fields: parseFields(row.fields),
    };
  }

  /** GET /api/forms/:code: 404 FORM_NOT_FOUND when the site has (and inherits) none. */
  /**
   * GET /api/forms: the site's form, prefilled for a signed-in citizen. `kindOf` names how its
   * workflow runs (the workflows core sits above this one, so the route passes it in).
   */
  async view(code: string, site: string, userId: number | null, kindOf?: (workflowCode: string) => Promise<string | undefined>): Promise<FormView> {
    const f = await this.resolve(code, site);
    if (!f) throw formNotFound();
    const view: FormView = { code: f.code, title: f.title, version: f.version, siteCode: f.siteCode, fields: f.fields };
    if (f.description) view.description = f.description;
    if (userId != null) view.prefill = await this.prefill(userId, f.fields);
    const fromLicences = f.fields.filter((x) => x.type !== 'group' && x.prefill?.startsWith(LICENCE_SOURCE));
    if (fromLicences.length) {
      const types = [...new Set(fromLicences.map((x) => x.prefill!.split('.')[1] ?? ''))].filter(Boolean);
      const source = this.licenceSource;
      const consented = userId != null && source != null && (await source.consented(userId, f.code));
      view.licencePrefill = { types, consented };
      if (consented && source && userId != null) {
        // The form opens whatever the licence system says: down or not real-name, the fields stay empty.
        const values = await source.values(userId, [...new Set(fromLicences.map((x) => x.prefill!))]).catch(() => ({}) as Record<string, string>);
        for (const x of fromLicences) {
          const v = values[x.prefill!];
          if (v) view.prefill = { ...view.prefill, [x.key]: v };
        }
      }
    }
    const kind = kindOf ? await kindOf(f.workflowCode) : undefined;
    if (kind) view.kind = kind;
    return view;
  }

  /** Values from the login for the fields that ask for one (group rows are not prefilled). Unknown sources are skipped. */
  async prefill(userId: number, fields: FormField[]): Promise<Record<string, string>> {
    const wanted = fields.filter((f) => f.prefill && PREFILL_READERS[f.prefill]);
    if (!wanted.length) return {};
    const u = await this.repo.user(userId);
    if (!u || u.status !== 'active') return {};
    const out: Record<string, string> = {};
    for (const f of wanted) {
      const v = PREFILL_READERS[f.prefill!]!(u, this.ctx);
      if (v) out[f.key] = v;
    }
    return out;
  }

  // ---- console (表单设计) ------------------------------------------------------------------------

  private async scope(actor: Actor, site: string | undefined, action: string, code: string | null, verb: string): Promise<{ site: string; lineage: string[] }> {
    const s = site ?? actor.staff.siteCode;
    await this.auditor.requireSite(actor, s, { action, objectType: 'form', objectId: code ? `${s}/${code}` : s, summary: `越权${verb}${await this.siteName(s)}的表单${code ? `「${code}」` : ''}` });
    return { site: s, lineage: await this.lineage(s) };
  }

  private async record(actor: Actor, action: string, site: string, code: string, summary: string): Promise<void> {
    await this.auditor.record(actor, { action, siteCode: site, objectType: 'form', objectId: `${site}/${code}`, summary });
  }

  /** The nearest definition of the form for the site (its own or inherited), or 404. */
  private async nearestDef(code: string, lineage: string[]): Promise<FormDefRow> {
    const def = pickInherited(
      (await this.repo.defsIn(code, lineage)).map((d) => ({ ...d, siteCode: d.site_code })),
      lineage,
    );
    if (!def) throw formNotFound('该表单不存在，请先新建');
    return def;
  }

  /**
   * The site's own definition; when it only inherits the form, an override is created first
   * (same title, workflow, item and department, nothing published yet), so the county's edits
   * never touch the city's form.
   */
  private async ownDef(actor: Actor, code: string, site: string, lineage: string[]): Promise<FormDefRow> {
    const repo = this.repo;
    const own = await repo.findDef(code, site);
    if (own) return own;
    const parent = await this.nearestDef(code, lineage);
    try {
      await repo.insertDef({
        code,
        site_code: site,
        title: parent.title,
        description: parent.description,
        workflow_code: parent.workflow_code,
        item_id: parent.item_id,
        department_id: parent.department_id,
        status: 'online',
        draft_fields: null,
        latest_version: 0,
        updated_at: nowIso(),
        updated_by: actor.staff.displayName,
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // created by a concurrent save: use that one
    }
    return (await repo.findDef(code, site))!;
  }

  private async latestFields(def: FormDefRow): Promise<FormField[] | null> {
    if (Number(def.latest_version) < 1) return null;
    const row = await this.repo.findVersion(def.code, def.site_code, Number(def.latest_version));
    return row ? parseFields(row.fields) : null;
  }

  /** The published fields of the nearest ancestor that has published the form (what the site showed before its override). */
  private async parentFields(code: string, lineage: string[]): Promise<FormField[] | null> {
    const parents = lineage.slice(1);
    const parent = pickInherited(
      (await this.repo.defsIn(code, parents)).filter((d) => Number(d.latest_version) > 0).map((d) => ({ ...d, siteCode: d.site_code })),
      parents,
    );
    return parent ? this.latestFields(parent) : null;
  }

  private row(def: FormDefRow, site: string): AdminFormRow {
    return {
      code: def.code,
      title: def.title,
      siteCode: def.site_code,
      inherited: def.site_code !== site,
      latestVersion: Number(def.latest_version),
      hasDraft: def.draft_fields != null,
      status: def.status,
      workflowCode: def.workflow_code,
      updatedAt: def.updated_at,
    };
  }

  /** The site's forms: its own and those it inherits (the nearest per code). */
  async list(actor: Actor, site?: string, q?: string): Promise<AdminFormRow[]> {
    const s = await this.scope(actor, site, 'form.read', null, '查看');
    const defs = pickInheritedEach(
      (await this.repo.listIn(s.lineage)).map((d) => ({ ...d, siteCode: d.site_code })),
      s.lineage,
      (d) => d.code,
    );
    const term = q?.trim().toLowerCase();
    return defs
      .filter((d) => !term || d.code.toLowerCase().includes(term) || d.title.toLowerCase().includes(term))
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((d) => this.row(d, s.site));
  }

  /** The designer's starting point: the site's own definition, else the inherited one (saved as the site's own on first save). */
  async detail(actor: Actor, code: string, site?: string): Promise<AdminFormDetail> {
    const s = await this.scope(actor, site, 'form.read', code, '查看');
    return this.detailOf(await this.nearestDef(code, s.lineage), s.site, s.lineage);
  }

  private async detailOf(def: FormDefRow, site: string, lineage: string[]): Promise<AdminFormDetail> {
    const published = await this.latestFields(def);
    const inherited = def.site_code !== site;
    // An override with neither draft nor version yet (e.g. only taken offline) starts from the parent's form.
    const start = def.draft_fields != null && !inherited ? parseFields(def.draft_fields) : (published ?? (inherited ? null : await this.parentFields(def.code, lineage)) ?? []);
    return {
      code: def.code,
      site,
      siteCode: def.site_code,
      inherited,
      title: def.title,
      description: def.description,
      workflowCode: def.workflow_code,
      itemId: def.item_id == null ? null : Number(def.item_id),
      departmentId: def.department_id == null ? null : Number(def.department_id),
      status: def.status,
      // A parent's unpublished draft is its own business: a county starts from what was published.
      latestVersion: inherited ? 0 : Number(def.latest_version),
      hasDraft: !inherited && def.draft_fields != null,
      fields: start,
      published: inherited ? null : published,
      updatedAt: def.updated_at,
      updatedBy: def.updated_by,
    };
  }

  async create(actor: Actor, body: AdminFormCreate): Promise<AdminFormDetail> {
    const s = await this.scope(actor, body.site, 'form.create', body.code, '新建');
    const repo = this.repo;
    if (await repo.findDef(body.code, s.site)) throw conflict(FormErrorCodes.FORM_EXISTS, `本站点已有编码为“${body.code}”的表单`);
    try {
      await repo.insertDef({
        code: body.code,
        site_code: s.site,
        title: body.title.trim(),
        description: body.description?.trim() || null,
        workflow_code: body.workflowCode.trim(),
        item_id: body.itemId ?? null,
        department_id: body.departmentId ?? null,
        status: 'online',
        draft_fields: '[]',
        latest_version: 0,
        updated_at: nowIso(),
        updated_by: actor.staff.displayName,
      });
    } catch (err) {
      if (isDuplicateKey(err)) throw conflict(FormErrorCodes.FORM_EXISTS, `本站点已有编码为“${body.code}”的表单`);
      throw err;
    }
    await this.record(actor, 'form.create', s.site, body.code, `新建${await this.siteName(s.site)}的表单「${body.title.trim()}」（${body.code}），办理流程 ${body.workflowCode}`);
    return this.detailOf((await repo.findDef(body.code, s.site))!, s.site, s.lineage);
  }

  /** 400 naming every structural problem of a definition (duplicate keys, options missing …). */
  private assertDefinition(fields: FormField[]): void {
    const problems = checkFormDefinition(fields);
    if (problems.length) throw new AppError(400, FormErrorCodes.FORM_DEFINITION_INVALID, `表单定义有误：${problems.join('；')}`, { details: { problems } });
  }

  async saveDraft(actor: Actor, code: string, body: AdminFormDraft): Promise<AdminFormDetail> {
    const s = await this.scope(actor, body.site, 'form.draft', code, '修改');
    this.assertDefinition(body.fields);
    const def = await this.ownDef(actor, code, s.site, s.lineage);
    await this.repo.updateDef(def.id, {
      draft_fields: JSON.stringify(body.fields),
      ...(body.title !== undefined ? { title: body.title.trim() } : {}),
      ...(body.description !== undefined ? { description: body.description?.trim() || null } : {}),
      updated_at: nowIso(),
      updated_by: actor.staff.displayName,
    });
    await this.record(actor, 'form.draft', s.site, code, `保存${await this.siteName(s.site)}表单「${body.title?.trim() ?? def.title}」的草稿（${body.fields.length} 个字段）`);
    return this.detailOf((await this.repo.findDef(code, s.site))!, s.site, s.lineage);
  }

  /**
   * A new immutable version from the draft (or, with no draft, from what the site shows now — a
   * county publishing a city form unchanged takes it over as its own version 1). The version
   * number moves by compare-and-set, so two publishes at once cannot both become version n.
   */
  async publish(actor: Actor, code: string, site: string, note: string): Promise<AdminFormDetail> {
    const s = await this.scope(actor, site, 'form.publish', code, '发布');
    const def = await this.ownDef(actor, code, s.site, s.lineage);
    const fields = def.draft_fields != null ? parseFields(def.draft_fields) : ((await this.latestFields(def)) ?? (await this.parentFields(code, s.lineage)) ?? []);
    if (!fields.length) throw badRequest('表单还没有任何字段，请先添加字段再发布', { fields: '请先添加字段' });
    this.assertDefinition(fields);
    const next = Number(def.latest_version) + 1;
    const now = nowIso();
    const published = await this.ctx.db.transaction().execute(async (trx) => {
      const repo = new FormsRepository(trx);
      const moved = await repo.bumpLatest(def.id, Number(def.latest_version), { latest_version: next, draft_fields: null, updated_at: now, updated_by: actor.staff.displayName });
      if (!moved) return false;
      try {
        await repo.insertVersion({ form_code: code, site_code: s.site, version: next, title: def.title, fields: JSON.stringify(fields), note: note.trim(), created_at: now, created_by: actor.staff.displayName });
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
      return true;
    });
    if (!published) throw conflict(FormErrorCodes.FORM_PUBLISH_CONFLICT, '表单刚被其他人发布，请刷新后再试');
    this.cache.clear();
    await this.record(actor, 'form.publish', s.site, code, `发布${await this.siteName(s.site)}表单「${def.title}」第${next}版（${fields.length} 个字段）；说明：${note.trim()}`);
    return this.detailOf((await this.repo.findDef(code, s.site))!, s.site, s.lineage);
  }

  async versions(actor: Actor, code: string, site?: string): Promise<AdminFormVersion[]> {
    const s = await this.scope(actor, site, 'form.read', code, '查看');
    const def = await this.repo.findDef(code, s.site);
    const rows = await this.repo.versions(code, s.site, VERSION_LIST_LIMIT);
    const latest = def ? Number(def.latest_version) : 0;
    return rows.map((r) => ({
      version: Number(r.version),
      siteCode: r.site_code,
      title: r.title,
      note: r.note,
      fieldCount: parseFields(r.fields).length,
      createdAt: r.created_at,
      createdBy: r.created_by,
      isLatest: Number(r.version) === latest,
    }));
  }

  /** Puts an old version's fields back as the draft; nothing is published until the designer publishes. */
  async restore(actor: Actor, code: string, version: number, site: string): Promise<AdminFormDetail> {
    const s = await this.scope(actor, site, 'form.restore', code, '恢复');
    const def = await this.repo.findDef(code, s.site);
    const row = def ? await this.repo.findVersion(code, s.site, version) : undefined;
    if (!def || !row) throw new AppError(404, FormErrorCodes.FORM_VERSION_NOT_FOUND, `本站点的该表单没有第${version}版`);
    await this.repo.updateDef(def.id, { draft_fields: row.fields, updated_at: nowIso(), updated_by: actor.staff.displayName });
    await this.record(actor, 'form.restore', s.site, code, `将${await this.siteName(s.site)}表单「${def.title}」的草稿恢复为第${version}版的内容`);
    return this.detailOf((await this.repo.findDef(code, s.site))!, s.site, s.lineage);
  }

  /** 上线 / 下线 for the site (and the sites inheriting from it). Taking an inherited form offline creates the site's own override. */
  async setStatus(actor: Actor, code: string, site: string, status: FormStatus): Promise<AdminFormDetail> {
    const s = await this.scope(actor, site, 'form.status', code, '上下线');
    const def = await this.ownDef(actor, code, s.site, s.lineage);
    await this.repo.updateDef(def.id, { status, updated_at: nowIso(), updated_by: actor.staff.displayName });
    this.cache.clear();
    await this.record(actor, 'form.status', s.site, code, `将${await this.siteName(s.site)}表单「${def.title}」设为${FORM_STATUS_NAMES[status]}`);
    return this.detailOf((await this.repo.findDef(code, s.site))!, s.site, s.lineage);
  }
}
