import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, StaffRow } from '../../db/schema.js';
import type { Insertable, Updateable } from 'kysely';
import type { StaffTable } from '../../db/schema.js';

export interface StaffRoleRow {
  staff_id: number;
  id: number;
  code: string;
  name: string;
  permissions: string;
}

export interface StaffFilter {
  /** null = every site; otherwise only staff whose site is in the list. */
  siteCodes: string[] | null;
  keyword?: string | undefined;
  /** Blind index of a full phone number given as keyword. */
  phoneIdx?: string | undefined;
  status?: 'active' | 'disabled' | undefined;
}

export type StaffListRow = StaffRow & { department_name: string | null };

export class StaffRepository {
  constructor(private readonly db: Kysely<DB> | Transaction<DB>) {}

  findById(id: number): Promise<StaffRow | undefined> {
    return this.db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByUsername(username: string): Promise<StaffRow | undefined> {
    return this.db.selectFrom('staff').selectAll().where('username', '=', username).executeTakeFirst();
  }

  async departmentName(id: number): Promise<string | null> {
    const row = await this.db.selectFrom('departments').select('name').where('id', '=', id).executeTakeFirst();
    return row?.name ?? null;
  }

  async rolesOf(staffIds: number[]): Promise<StaffRoleRow[]> {
    if (!staffIds.length) return [];
    return this.db
      .selectFrom('staff_roles')
      .innerJoin('roles', 'roles.id', 'staff_roles.role_id')
      .select(['staff_roles.staff_id', 'roles.id', 'roles.code', 'roles.name', 'roles.permissions'])
      .where('staff_roles.staff_id', 'in', staffIds)
      .orderBy('roles.id')
      .execute();
  }

  private filtered(f: StaffFilter) {
    let q = this.db.selectFrom('staff').leftJoin('departments', 'departments.id', 'staff.department_id');
    if (f.siteCodes) q = q.where('staff.site_code', 'in', f.siteCodes.length ? f.siteCodes : ['-']);
    if (f.status) q = q.where('staff.status', '=', f.status);
    const kw = f.keyword?.trim();
    if (kw) {
      const like = `%${kw}%`;
      q = q.where((eb) =>
        eb.or([eb('staff.username', 'like', like), eb('staff.display_name', 'like', like), ...(f.phoneIdx ? [eb('staff.phone_idx', '=', f.phoneIdx)] : [])]),
      );
    }
    return q;
  }

  async list(f: StaffFilter, offset: number, limit: number): Promise<{ rows: StaffListRow[]; total: number }> {
    const [rows, count] = await Promise.all([
      this.filtered(f).selectAll('staff').select('departments.name as department_name').orderBy('staff.id').offset(offset).limit(limit).execute(),
      this.filtered(f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }

  async insert(values: Insertable<StaffTable>): Promise<number> {
    const res = await this.db.insertInto('staff').values(values).executeTakeFirstOrThrow();
    return Number(res.insertId);
  }

  async update(id: number, values: Updateable<StaffTable>): Promise<void> {
    await this.db.updateTable('staff').set(values).where('id', '=', id).execute();
  }

  async setRoles(staffId: number, roleIds: number[]): Promise<void> {
    await this.db.deleteFrom('staff_roles').where('staff_id', '=', staffId).execute();
    if (roleIds.length) await this.db.insertInto('staff_roles').values(roleIds.map((role_id) => ({ staff_id: staffId, role_id }))).execute();
  }

  /** Atomic increment, so two concurrent wrong passwords both count; returns the new count. */
  async addFailure(id: number): Promise<number> {
    await this.db
      .updateTable('staff')
      .set({ failed_logins: sql<number>`failed_logins + 1` })
      .where('id', '=', id)
      .execute();
    const row = await this.db.selectFrom('staff').select('failed_logins').where('id', '=', id).executeTakeFirstOrThrow();
    return Number(row.failed_logins);
  }

  async lock(id: number, until: string): Promise<void> {
    // The counter restarts so that after the lock expires the account again gets five attempts.
    await this.db.updateTable('staff').set({ locked_until: until, failed_logins: 0 }).where('id', '=', id).execute();
  }

  async clearFailures(id: number): Promise<void> {
    await this.db.updateTable('staff').set({ failed_logins: 0, locked_until: null }).where('id', '=', id).execute();
  }

  /**
   * Marks a TOTP step as used. The conditional update makes the check-and-set atomic: of two
   * concurrent logins with the same code only one changes a row (RFC 6238 §5.2, no reuse).
   */
  async consumeOtpStep(id: number, step: number): Promise<boolean> {
    const res = await this.db
      .updateTable('staff')
      .set({ otp_last_step: step })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('otp_last_step', 'is', null), eb('otp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async countByDepartment(departmentId: number): Promise<number> {
    const row = await this.db
      .selectFrom('staff')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('department_id', '=', departmentId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async countByRole(roleId: number): Promise<number> {
    const row = await this.db
      .selectFrom('staff_roles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role_id', '=', roleId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
