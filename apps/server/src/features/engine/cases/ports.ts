/**
 * What the case engine needs from the other engine cores (forms, file links, documents, bureau
 * connectors, ratings), typed here as the shared interfaces of the team brief. Each core decorates
 * the app with its service; the engine reads the decorators at call time, so the plugins' order
 * does not matter. Forms and file links have a plain database fallback so cases work on a server
 * where those cores are not loaded (tests of the engine alone).
 */
import type { FastifyInstance } from 'fastify';
import type { FormField, RatingView } from '@dz/contracts';
import { nowIso } from '../../../infra/time.js';

export interface ResolvedFormLike {
  code: string;
  title: string;
  description: string | null;
  siteCode: string;
  version: number;
  workflowCode: string;
  departmentId: number | null;
  itemId: number | null;
  fields: FormField[];
}

export interface FormsPort {
  resolve(code: string, site: string): Promise<ResolvedFormLike | null>;
  version(code: string, formSite: string, version: number): Promise<ResolvedFormLike | null>;
}

export interface FileLinksPort {
  link(userId: number | null, fileIds: string[], ownerType: string, ownerId: string): Promise<void>;
  unlink(ownerType: string, ownerId: string): Promise<void>;
}

export interface IssuedDocument {
  id: string;
  docNo: string;
  url: string;
  qrText: string;
  issuedAt: string;
}

export interface DocumentsPort {
  issue(input: {
    kind: string;
    title: string;
    userId: number | null;
    caseId: number | null;
    holderName: string;
    holderIdNumber?: string | null;
    rows: { label: string; value: string }[];
    body?: string[];
    validDays?: number | null;
  }): Promise<IssuedDocument>;
}

export interface BureausPort {
  submit(partner: string, site: string, caseNo: string, payload: { formCode: string; title: string; data: Record<string, unknown>; applicant: { name: string; idNumber: string | null; phone: string | null } }): Promise<{ ref: string }>;
  decision(partner: string, site: string, ref: string): Promise<{ status: 'pending' | 'approved' | 'denied'; comment: string | null; result: Record<string, unknown> | null }>;
  instant(partner: string, site: string, operation: string, data: Record<string, unknown>): Promise<{ title: string; rows: { label: string; value: string }[] }>;
  query(partner: string, site: string, operation: string, data: Record<string, unknown>): Promise<{ rows: Record<string, unknown>[] }>;
}

export interface RatingsPort {
  forCase(caseId: number): Promise<RatingView[]>;
}

type Decorated = { forms?: FormsPort; fileLinks?: FileLinksPort; documents?: DocumentsPort; bureaus?: BureausPort; ratings?: RatingsPort };
const decorated = (app: FastifyInstance) => app as unknown as Decorated;

/** Reads form_defs / form_versions directly, with the same inheritance rule as the forms core. */
class DbForms implements FormsPort {
  constructor(private readonly app: FastifyInstance) {}

  async resolve(code: string, site: string): Promise<ResolvedFormLike | null> {
    const db = this.app.ctx.db;
    const ancestry = await this.app.ctx.sites.ancestry(site);
    if (!ancestry.length) return null;
    const defs = await db.selectFrom('form_defs').selectAll().where('code', '=', code).where('site_code', 'in', ancestry).where('latest_version', '>', 0).execute();
    defs.sort((a, b) => ancestry.indexOf(a.site_code) - ancestry.indexOf(b.site_code));
    const def = defs[0];
    if (!def || def.status !== 'online') return null;
    return this.version(code, def.site_code, def.latest_version);
  }

  async version(code: string, formSite: string, version: number): Promise<ResolvedFormLike | null> {
    const db = this.app.ctx.db;
    const [def, v] = await Promise.all([
      db.selectFrom('form_defs').selectAll().where('code', '=', code).where('site_code', '=', formSite).executeTakeFirst(),
      db.selectFrom('form_versions').selectAll().where('form_code', '=', code).where('site_code', '=', formSite).where('version', '=', version).executeTakeFirst(),
    ]);
    if (!def || !v) return null;
    return { code, title: v.title, description: def.description, siteCode: formSite, version, workflowCode: def.workflow_code, departmentId: def.department_id, itemId: def.item_id, fields: JSON.parse(v.fields) as FormField[] };
  }
}

/** Links with the files service's ownership rule (a citizen links only their own uploads). */
class DbFileLinks implements FileLinksPort {
  constructor(private readonly app: FastifyInstance) {}

  async link(userId: number | null, fileIds: string[], ownerType: string, ownerId: string): Promise<void> {
    const ids = [...new Set(fileIds)];
    if (!ids.length) return;
    if (userId !== null) await this.app.files.assertOwned(userId, ids);
    const db = this.app.ctx.db;
    const have = new Set((await db.selectFrom('file_links').select('file_id').where('owner_type', '=', ownerType).where('owner_id', '=', ownerId).execute()).map((r) => r.file_id));
    const rows = ids.filter((id) => !have.has(id)).map((file_id) => ({ file_id, owner_type: ownerType, owner_id: ownerId, created_at: nowIso() }));
    if (rows.length) await db.insertInto('file_links').values(rows).execute();
  }

  async unlink(ownerType: string, ownerId: string): Promise<void> {
    await this.app.ctx.db.deleteFrom('file_links').where('owner_type', '=', ownerType).where('owner_id', '=', ownerId).execute();
  }
}

export class EnginePorts {
  private readonly dbForms: DbForms;
  private readonly dbLinks: DbFileLinks;
  constructor(private readonly app: FastifyInstance) {
    this.dbForms = new DbForms(app);
    this.dbLinks = new DbFileLinks(app);
  }
  get forms(): FormsPort {
    return decorated(this.app).forms ?? this.dbForms;
  }
  get fileLinks(): FileLinksPort {
    return decorated(this.app).fileLinks ?? this.dbLinks;
  }
  /** Null until the documents core is loaded: a completion then has no document (reported). */
  get documents(): DocumentsPort | null {
    return decorated(this.app).documents ?? null;
  }
  get bureaus(): BureausPort | null {
    return decorated(this.app).bureaus ?? null;
  }
  async ratings(caseId: number): Promise<RatingView[]> {
    const r = decorated(this.app).ratings;
    return r ? r.forCase(caseId) : [];
  }
}
