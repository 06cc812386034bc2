/** SQL of the versioned workflows (one row per published version and site). */
import type { Kysely, Selectable } from 'kysely';
import type { DB, WorkflowsTable } from '../../../db/schema.js';

export type WorkflowRow = Selectable<WorkflowsTable>;

export class WorkflowsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The latest version of `code` at each of the given sites. */
  async latestAt(code: string, sites: string[]): Promise<WorkflowRow[]> {
    if (!sites.length) return [];
    const rows = await this.db.selectFrom('workflows').selectAll().where('code', '=', code).where('site_code', 'in', sites).orderBy('version', 'desc').execute();
    const best = new Map<string, WorkflowRow>();
    for (const r of rows) if (!best.has(r.site_code)) best.set(r.site_code, r);
    return [...best.values()];
  }

  version(code: string, site: string, version: number): Promise<WorkflowRow | undefined> {
    return this.db.selectFrom('workflows').selectAll().where('code', '=', code).where('site_code', '=', site).where('version', '=', version).executeTakeFirst();
  }

  versions(code: string, site: string): Promise<WorkflowRow[]> {
    return this.db.selectFrom('workflows').selectAll().where('code', '=', code).where('site_code', '=', site).orderBy('version', 'desc').execute();
  }

  /** Every version of every workflow of the given sites (the console lists the latest of each). */
  ofSites(sites: string[]): Promise<WorkflowRow[]> {
    if (!sites.length) return Promise.resolve([]);
    return this.db.selectFrom('workflows').selectAll().where('site_code', 'in', sites).orderBy('code').orderBy('version', 'desc').execute();
  }

  async maxVersion(code: string, site: string): Promise<number> {
    const r = await this.db.selectFrom('workflows').select((eb) => eb.fn.max<number>('version').as('v')).where('code', '=', code).where('site_code', '=', site).executeTakeFirst();
    return Number(r?.v ?? 0);
  }

  async insert(row: Omit<WorkflowRow, 'id'>): Promise<void> {
    await this.db.insertInto('workflows').values(row).execute();
  }
}
