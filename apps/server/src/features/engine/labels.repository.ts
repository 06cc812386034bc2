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
}
