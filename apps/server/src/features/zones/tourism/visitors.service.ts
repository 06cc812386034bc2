/**
 * 常用游客: a citizen's saved companions for 景点预约. Name and ID number are SM4-encrypted at rest,
 * a keyed digest (blind index) of the ID number keeps one entry per person per user (unique index
 * ux_saved_visitors_user_id), and the ID number leaves the server masked only.
 */
import { CultureErrorCodes, SAVED_VISITORS_MAX, maskIdNumber, validateIdNumber, type SavedVisitorCreate, type SavedVisitorView } from '@dz/contracts';
import type { AppContext } from '../../../infra/context.js';
import { AppError, badRequest, conflict } from '../../../infra/errors.js';
import { nowIso } from '../../../infra/time.js';
import { isUniqueViolation } from '../../auth/users.repository.js';

export const visitorNotFound = () => new AppError(404, CultureErrorCodes.VISITOR_NOT_FOUND, '该常用游客不存在或已删除，请刷新列表');
const visitorExists = () => conflict(CultureErrorCodes.VISITOR_EXISTS, '该身份证号已在常用游客中，无需重复添加');
const ID_INDEX = 'saved-visitor-id';

/** A person's name as typed: Chinese (with ·) or latin letters, trimmed. */
export function checkPersonName(raw: string): string | null {
  const name = raw.trim();
  if (!/^[\u4e00-\u9fa5·•A-Za-z ]{2,20}$/.test(name)) return '请填写证件上的姓名（2–20 个汉字或字母）';
  return null;
}

export class VisitorsService {
  constructor(private readonly ctx: AppContext) {}

  private view(r: { id: number; name_enc: string; id_number_enc: string; created_at: string }): SavedVisitorView {
    return { id: r.id, name: this.ctx.gm.decrypt(r.name_enc), idNumberMasked: maskIdNumber(this.ctx.gm.decrypt(r.id_number_enc)), createdAt: r.created_at };
  }

  async list(userId: number): Promise<SavedVisitorView[]> {
    const rows = await this.ctx.db.selectFrom('saved_visitors').selectAll().where('user_id', '=', userId).orderBy('id').execute();
    return rows.map((r) => this.view(r));
  }

  async create(userId: number, input: SavedVisitorCreate): Promise<SavedVisitorView> {
    const nameErr = checkPersonName(input.name);
    const idErr = validateIdNumber(input.idNumber);
    if (nameErr || idErr) throw badRequest((nameErr ?? idErr)!, { ...(nameErr ? { name: nameErr } : {}), ...(idErr ? { idNumber: idErr } : {}) });
    const idNumber = input.idNumber.trim().toUpperCase();
    const count = await this.ctx.db.selectFrom('saved_visitors').select((e) => e.fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow();
    if (Number(count.n) >= SAVED_VISITORS_MAX) throw badRequest(`常用游客最多保存 ${SAVED_VISITORS_MAX} 位，请先删除不再需要的游客`);
    const at = nowIso();
    try {
      const res = await this.ctx.db
        .insertInto('saved_visitors')
        .values({ user_id: userId, name_enc: this.ctx.gm.encrypt(input.name.trim()), id_number_enc: this.ctx.gm.encrypt(idNumber), id_hash: this.ctx.gm.blindIndex(ID_INDEX, idNumber), created_at: at })
        .executeTakeFirstOrThrow();
      return { id: Number(res.insertId), name: input.name.trim(), idNumberMasked: maskIdNumber(idNumber), createdAt: at };
    } catch (err) {
      if (isUniqueViolation(err)) throw visitorExists();
      throw err;
    }
  }

  async remove(userId: number, id: number): Promise<void> {
    const res = await this.ctx.db.deleteFrom('saved_visitors').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    if (Number(res.numDeletedRows) !== 1) throw visitorNotFound();
  }

  /** A saved visitor's name and ID number in clear, for a booking of its owner. */
  async reveal(userId: number, id: number): Promise<{ name: string; idNumber: string }> {
    const r = await this.ctx.db.selectFrom('saved_visitors').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    if (!r) throw visitorNotFound();
    return { name: this.ctx.gm.decrypt(r.name_enc), idNumber: this.ctx.gm.decrypt(r.id_number_enc) };
  }
}
