/**
 * 就诊人管理: the people a citizen books for — themself (id 0, from 实名认证) and up to MAX_PATIENTS
 * family members. Name, ID number and phone are SM4-encrypted like users' own; the ID's keyed
 * hash (blind index) keeps one entry per person per user. Views are masked: the full values only
 * travel to the HIS, in request bodies.
 */
import {
  MAX_PATIENTS,
  MedicalErrorCodes,
  PATIENT_RELATION_NAMES,
  maskIdNumber,
  maskName,
  maskPhone,
  validateIdNumber,
  type PatientCreateRequest,
  type PatientRelation,
  type PatientView,
} from '@dz/contracts';
import type { AppContext } from '../../../infra/context.js';
import { AppError, badRequest, conflict } from '../../../infra/errors.js';
import { nowIso } from '../../../infra/time.js';
import { isUniqueViolation } from '../../auth/users.repository.js';
import { verifiedIdentity } from '../../utilities/verified-identity.js';
import { PatientsRepository } from './patients.repository.js';

/** A patient in full, for the HIS. */
export interface Patient {
  id: number;
  relation: PatientRelation | 'self';
  name: string;
  idNumber: string;
  phone: string;
}

export const SELF = 0;

export const patientNotFound = () => new AppError(404, MedicalErrorCodes.PATIENT_NOT_FOUND, '未找到该就诊人，请返回重新选择');

export function patientView(p: Patient): PatientView {
  return { id: p.id, relation: p.relation, relationName: PATIENT_RELATION_NAMES[p.relation], name: maskName(p.name), idNumber: maskIdNumber(p.idNumber), phone: p.phone ? maskPhone(p.phone) : '' };
}

export class PatientsService {
  private readonly repo: PatientsRepository;

  constructor(private readonly ctx: AppContext) {
    this.repo = new PatientsRepository(ctx.db);
  }

  /** The user themself, from 实名认证; 403 REALNAME_REQUIRED naming what needed it otherwise. */
  async self(userId: number, purpose: string): Promise<Patient> {
    const who = await verifiedIdentity(this.ctx, userId, purpose);
    const u = await this.repo.account(userId);
    return { id: SELF, relation: 'self', name: who.name, idNumber: who.idNumber, phone: this.ctx.gm.decryptNullable(u?.phone_enc ?? null) ?? '' };
  }

  private decrypt(row: { id: number; relation: PatientRelation; name_enc: string; id_number_enc: string; phone_enc: string }): Patient {
    const gm = this.ctx.gm;
    return { id: row.id, relation: row.relation, name: gm.decrypt(row.name_enc), idNumber: gm.decrypt(row.id_number_enc), phone: gm.decrypt(row.phone_enc) };
  }

  /** Themself (when real-name verified) first, then the family members in the order they were added. */
  async list(userId: number): Promise<Patient[]> {
    const self = await this.self(userId, '').catch((err: unknown) => {
      if (err instanceof AppError && err.code === MedicalErrorCodes.REALNAME_REQUIRED) return null;
      throw err;
    });
    const others = (await this.repo.list(userId)).map((r) => this.decrypt(r));
    return self ? [self, ...others] : others;
  }

  /** One of the user's patients (0 = themself); another user's number is simply not found. */
  async get(userId: number, patientId: number, purpose: string): Promise<Patient> {
    // Booking or reading reports for anyone needs the account itself to be real-name verified.
    const self = await this.self(userId, purpose);
    if (patientId === SELF) return self;
    const row = await this.repo.byId(userId, patientId);
    if (!row) throw patientNotFound();
    return this.decrypt(row);
  }

  async add(userId: number, req: PatientCreateRequest): Promise<Patient> {
    const idNumber = req.idNumber.trim().toUpperCase();
    const problem = validateIdNumber(idNumber);
    if (problem) throw badRequest(problem, { idNumber: problem });
    const name = req.name.trim();
    const self = await this.repo.account(userId);
    const hash = this.ctx.gm.blindIndex('id', idNumber);
    if (self?.id_number_idx === hash) throw conflict(MedicalErrorCodes.PATIENT_EXISTS, '该身份证号是您本人，无需添加为就诊人');
    if ((await this.repo.count(userId)) >= MAX_PATIENTS) throw conflict(MedicalErrorCodes.TOO_MANY_PATIENTS, `最多添加${MAX_PATIENTS}位就诊人，请先删除不再需要的就诊人`);
    const gm = this.ctx.gm;
    try {
      const id = await this.repo.insert({
        user_id: userId,
        name_enc: gm.encrypt(name),
        id_number_enc: gm.encrypt(idNumber),
        id_hash: hash,
        phone_enc: gm.encrypt(req.phone),
        relation: req.relation,
        created_at: nowIso(),
      });
      return { id, relation: req.relation, name, idNumber, phone: req.phone };
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(MedicalErrorCodes.PATIENT_EXISTS, '该就诊人已添加，无需重复添加');
      throw err;
    }
  }

  /** The account as the audit log names a citizen: the masked phone. */
  async accountLabel(userId: number): Promise<string | null> {
    const phone = this.ctx.gm.decryptNullable((await this.repo.account(userId))?.phone_enc ?? null);
    return phone ? maskPhone(phone) : null;
  }

  async remove(userId: number, patientId: number): Promise<boolean> {
    return this.repo.delete(userId, patientId);
  }
}
