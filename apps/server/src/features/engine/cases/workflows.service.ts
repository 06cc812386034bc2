/**
 * Workflows (ARCHITECTURE "Cores": cases + workflows): the steps of a case are data, versioned per
 * site like forms. A county that has no version of its own runs the city's (nearest site wins), and
 * a case keeps the exact version it started with (workflow_site + workflow_version on the case), so
 * publishing a new version never changes a case in progress.
 */
import { CASE_ACTIONS, PERMISSIONS, pickInherited, type WorkflowDefinition, type WorkflowPublish, type WorkflowSummary, type WorkflowVersionRow, type WorkflowView } from '@dz/contracts';
import type { AppContext } from '../../../infra/context.js';
import { AppError, badRequest, notFound } from '../../../infra/errors.js';
import { isDuplicateKey } from '../../../infra/duplicate-key.js';
import { nowIso } from '../../../infra/time.js';
import { StaffAuditor, type Actor } from '../../admin-auth/staff-guard.js';
import { WorkflowsRepository, type WorkflowRow } from './workflows.repository.js';

export interface ResolvedWorkflow {
  code: string;
  name: string;
  /** The site whose version this is (a county may run the city's). */
  siteCode: string;
  version: number;
  definition: WorkflowDefinition;
}

declare module 'fastify' {
  interface FastifyInstance {
    workflows: WorkflowsService;
  }
}

const toResolved = (r: WorkflowRow): ResolvedWorkflow => ({ code: r.code, name: r.name, siteCode: r.site_code, version: r.version, definition: JSON.parse(r.definition) as WorkflowDefinition });
const toView = (r: WorkflowRow): WorkflowView => ({ ...toResolved(r), note: r.note, createdAt: r.created_at });

/** Structural rules the schema cannot say; each problem in Chinese. */
export function checkWorkflowDefinition(d: WorkflowDefinition): string[] {
  const problems: string[] = [];
  if ((d.kind === 'promise' || d.kind === 'bundle') && d.steps.length === 0) problems.push('承诺件和一件事至少需要一个办理环节');
  const keys = new Set<string>();
  for (const s of d.steps) {
    if (keys.has(s.key)) problems.push(`环节标识“${s.key}”重复`);
    keys.add(s.key);
    if (!(s.permission in PERMISSIONS)) problems.push(`环节“${s.name}”的办理权限“${s.permission}”不存在`);
    for (const a of s.actions) if (!(CASE_ACTIONS as readonly string[]).includes(a)) problems.push(`环节“${s.name}”的操作“${a}”不存在`);
  }
  if (d.kind === 'bundle' && !(d.parts && d.parts.length > 0)) problems.push('一件事至少需要一个联办事项');
  const parts = new Set<string>();
  for (const p of d.parts ?? []) {
    if (parts.has(p.code)) problems.push(`联办事项标识“${p.code}”重复`);
    parts.add(p.code);
  }
  if (d.kind === 'query' && !d.query) problems.push('查询类应用需要配置查询接口');
  if ((d.kind === 'query' || d.kind === 'instant') && !d.partner) problems.push('即办件和查询需要指定对接的部门系统');
  // The engine runs a precheck only for a 承诺件 handed to a bureau: anywhere else it would silently do nothing.
  if (d.precheck && (d.kind !== 'promise' || !d.partner)) problems.push('提交前核验只用于对接部门系统的承诺件，请选择对接的部门系统或删除提交前核验');
  return problems;
}

export class WorkflowsService {
  private readonly auditor: StaffAuditor;
  constructor(private readonly ctx: AppContext) {
    this.auditor = new StaffAuditor(ctx.audit);
  }

  private get repo() {
    return new WorkflowsRepository(this.ctx.db);
  }

  /** The latest version for the site, inherited from the nearest ancestor; null when none. */
  async resolve(code: string, site: string): Promise<ResolvedWorkflow | null> {
    // The site's lineage (itself, its city, the province), nearest first: the one inheritance rule.
    const lineage = await this.ctx.sites.ancestry(site);
    const rows = await this.repo.latestAt(code, lineage);
    const best = pickInherited(rows.map((r) => ({ siteCode: r.site_code, r })), lineage);
    return best ? toResolved(best.r) : null;
  }

  /** A published version never changes, so it is kept once read (the queues read many cases' steps). */
  private readonly versionCache = new Map<string, ResolvedWorkflow>();

  async version(code: string, site: string, version: number): Promise<ResolvedWorkflow | null> {
    const key = `${code}|${site}|${version}`;
    const hit = this.versionCache.get(key);
    if (hit) return hit;
    const r = await this.repo.version(code, site, version);
    if (!r) return null;
    if (this.versionCache.size >= 1000) this.versionCache.clear();
    const resolved = toResolved(r);
    this.versionCache.set(key, resolved);
    return resolved;
  }

  // ---- console (流程配置): content:write, site scope, audited ---------------------------------

  private async guard(actor: Actor, site: string, action: string): Promise<void> {
    await this.auditor.requirePermission(actor, 'content:write', { action, siteCode: site });
    await this.auditor.requireSite(actor, site, { action, objectType: 'workflow' });
  }

  /** The workflows the site runs: its own and those it inherits, latest version each. */
  async list(actor: Actor, site: string): Promise<WorkflowSummary[]> {
    await this.guard(actor, site, 'workflow.list');
    const ancestry = await this.ctx.sites.ancestry(site);
    if (!ancestry.length) throw notFound('站点不存在');
    const best = new Map<string, WorkflowRow>();
    for (const r of await this.repo.ofSites(ancestry)) {
      const cur = best.get(r.code);
      if (!cur || ancestry.indexOf(r.site_code) < ancestry.indexOf(cur.site_code)) best.set(r.code, r);
    }
    return [...best.values()]
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((r) => ({ code: r.code, name: r.name, kind: (JSON.parse(r.definition) as WorkflowDefinition).kind, version: r.version, siteCode: r.site_code, inherited: r.site_code !== site, createdAt: r.created_at }));
  }

  async get(actor: Actor, code: string, site: string): Promise<WorkflowView> {
    await this.guard(actor, site, 'workflow.read');
    const ancestry = await this.ctx.sites.ancestry(site);
    const rows = await this.repo.latestAt(code, ancestry);
    rows.sort((a, b) => ancestry.indexOf(a.site_code) - ancestry.indexOf(b.site_code));
    if (!rows[0]) throw notFound('流程不存在');
    return toView(rows[0]);
  }

  async versions(actor: Actor, code: string, site: string): Promise<WorkflowVersionRow[]> {
    await this.guard(actor, site, 'workflow.read');
    return (await this.repo.versions(code, site)).map((r) => ({ version: r.version, name: r.name, note: r.note, createdAt: r.created_at, createdBy: r.created_by }));
  }

  /** Publishes a new version for the site (the first one of a county overrides the city's). */
  async publish(actor: Actor | null, body: WorkflowPublish, by = actor?.staff.username ?? 'system'): Promise<WorkflowView> {
    if (actor) await this.guard(actor, body.site, 'workflow.publish');
    const problems = checkWorkflowDefinition(body.definition);
    if (problems.length) throw badRequest(problems.join('；'), { definition: problems[0]! });
    for (let attempt = 0; ; attempt += 1) {
      const version = (await this.repo.maxVersion(body.code, body.site)) + 1;
      const row = { code: body.code, site_code: body.site, version, name: body.name, definition: JSON.stringify(body.definition), note: body.note ?? null, created_at: nowIso(), created_by: by };
      try {
        await this.repo.insert(row);
      } catch (err) {
        // Two publishers took the same number: the second tries the next one.
        if (isDuplicateKey(err) && attempt < 3) continue;
        if (isDuplicateKey(err)) throw new AppError(409, 'WORKFLOW_CONFLICT', '流程正在被他人发布，请稍后重试');
        throw err;
      }
      if (actor) await this.auditor.record(actor, { action: 'workflow.publish', siteCode: body.site, objectType: 'workflow', objectId: body.code, summary: `发布流程 ${body.name}（${body.code}）第 ${version} 版` });
      return toView((await this.repo.version(body.code, body.site, version))!);
    }
  }
}
