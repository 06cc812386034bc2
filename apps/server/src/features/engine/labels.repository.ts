/** Names for the figures of the engine (办件统计, 好差评统计): departments by id, forms by code. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export class LabelsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async departmentNames(ids: number[]): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const rows = await this.db.selectFrom('departments').select(['id', 'name']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async formTitles(codes: string[]): Promise<Map<string, string>> {
    if (!codes.length) return new Map();
    const rows = await this.db.selectFrom('form_defs').select(['code', 'title']).where('code', 'in', codes).execute();
    return new Map(rows.map((r) => [r.code, r.title]));
  }

  /**
   * The zone (专区) each form is offered in, through the catalogue's form apps (kind `form`,
   * target = form code); a form no app offers (an item's 在线办事) has none.
   */
  async formZones(codes: string[]): Promise<Map<string, { code: string; name: string }>> {
    if (!codes.length) return new Map();
    const rows = await this.db
      .selectFrom('apps')
      .innerJoin('zones', (j) => j.onRef('zones.code', '=', 'apps.zone_code').onRef('zones.site_code', '=', 'apps.site_code'))
      .select(['apps.target', 'zones.code', 'zones.name'])
      .where('apps.kind', '=', 'form')
      .where('apps.target', 'in', codes)
      .execute();
    return new Map(rows.map((r) => [r.target, { code: r.code, name: r.name }]));
  }
}
