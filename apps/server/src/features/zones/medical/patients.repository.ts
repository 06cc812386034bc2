/** SQL of 就诊人管理. Personal columns arrive encrypted / indexed by the service: plain text never reaches here. */
import type { Insertable, Kysely } from 'kysely';
import type { DB, PatientRow, PatientsTable } from '../../../db/schema.js';

export class PatientsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  list(userId: number): Promise<PatientRow[]> {
    return this.db.selectFrom('patients').selectAll().where('user_id', '=', userId).orderBy('id').execute();
  }

  byId(userId: number, id: number): Promise<PatientRow | undefined> {
    return this.db.selectFrom('patients').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  }

  async count(userId: number): Promise<number> {
    const r = await this.db.selectFrom('patients').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async insert(row: Insertable<PatientsTable>): Promise<number> {
    const res = await this.db.insertInto('patients').values(row).executeTakeFirstOrThrow();
    return Number(res.insertId);
  }

  /** The account's own phone (encrypted) and ID blind index: 本人 as a patient. */
  account(userId: number): Promise<{ phone_enc: string | null; id_number_idx: string | null } | undefined> {
    return this.db.selectFrom('users').select(['phone_enc', 'id_number_idx']).where('id', '=', userId).executeTakeFirst();
  }

  async delete(userId: number, id: number): Promise<boolean> {
    const res = await this.db.deleteFrom('patients').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }
}
