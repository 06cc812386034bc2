/**
 * 电子证照 and 亮证 (issue 14). The licences stay at 四川省电子证照共享服务平台 and are read on demand
 * by the login's identity (a person by ID number, a company login by 统一社会信用代码); this
 * platform keeps only the 亮证 PIN (argon2id), the show / check log and the holder's consents to
 * prefill forms, each keyed by a keyed digest of the licence number (no licence number at rest).
 *
 * 亮证 code: `DZLIC:` + base64url(canonical JSON payload) + '.' + base64url(SM2 signature of those
 * bytes), signed with the documents' key, valid LICENCE_SHOW_SECONDS. The payload names the show
 * (random), the licence (its key), the type, the holder and number masked, and the validity — so a
 * checker needs nothing else to see what was shown, and every check lands in the holder's log.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import {
  HousingErrorCodes,
  LICENCE_PIN_LOCK_MINUTES,
  LICENCE_PIN_MAX_FAILS,
  LICENCE_QR_PREFIX,
  LICENCE_SHOW_SECONDS,
  LICENCE_TYPE_NAMES,
  maskAddress,
  maskName,
  maskPhone,
  type LicenceEvent,
  type LicenceShowResponse,
  type LicenceTypeCode,
  type LicenceView,
  type LicencesResponse,
  type VerifyResult,
} from '@dz/contracts';
import { LICENCE_TYPES, type LicenceRecord, type LicenceType } from '@dz/partner-protocol';
import type { AppContext } from '../../infra/context.js';
import { AppError, badRequest, unauthenticated } from '../../infra/errors.js';
import { isDuplicateKey } from '../../infra/duplicate-key.js';
import { TtlCache } from '../../infra/ttl-cache.js';
import { nowIso } from '../../infra/time.js';
import type { LicenceConnector } from '../../partners/connectors/licence.js';
import type { DocumentSigner } from '../engine/documents/documents.signer.js';
import { canonicalJson } from '../engine/documents/documents.signer.js';
import { invalid, type VerifyContext } from '../engine/documents/verifiers.js';
import type { SmsService } from '../sms/sms.service.js';

/** Licences are provincial: the city's 接口管理 configuration applies. */
const SITE = '511700';
/** A holder's list is read again after this long (a show and a check ask the issuer's status anyway). */
const LIST_TTL_MS = 60_000;
const EVENTS_MAX = 50;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

export const LICENCE_TAMPERED = '亮证码无效或已被篡改';
export const LICENCE_EXPIRED = '亮证码已过期，请持证人刷新后重新出示';

const notFound = () => new AppError(404, HousingErrorCodes.LICENCE_NOT_FOUND, '未找到该证照，请返回“我的证照”重新选择');
const pinNotSet = () => new AppError(409, HousingErrorCodes.LICENCE_PIN_NOT_SET, '请先设置6位亮证密码后再亮证');
const pinLocked = (until: string) =>
  new AppError(423, HousingErrorCodes.LICENCE_PIN_LOCKED, `亮证密码连续输错${LICENCE_PIN_MAX_FAILS}次，已锁定至${beijingTime(until).slice(11, 16)}，请稍后再试或通过短信验证码重设亮证密码`, {
    details: { lockedUntil: until },
  });

/** 'YYYY-MM-DD HH:mm:ss' in Beijing. */
export function beijingTime(iso: string | number | Date): string {
  const ms = typeof iso === 'number' ? iso : new Date(iso).getTime();
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The licence's opaque id: a keyed digest of its type and number, short enough for a URL and a QR.
 * The type is part of it: a 驾驶证's number is its holder's ID number, the same as the 身份证's.
 */
export function licenceKey(ctx: AppContext, r: Pick<LicenceRecord, 'type' | 'licenceNo'>): string {
  return Buffer.from(ctx.gm.blindIndex('licence', `${r.type}:${r.licenceNo}`), 'hex').subarray(0, 12).toString('base64url');
}

/** 5117**********1231: an ID number, 驾驶证号 or credit code keeps its first and last four. */
export function maskNumber(no: string): string {
  const chars = [...no.trim()];
  if (chars.length >= 12) return `${chars.slice(0, 4).join('')}${'*'.repeat(chars.length - 8)}${chars.slice(-4).join('')}`;
  if (chars.length >= 6) return `${chars.slice(0, 2).join('')}${'*'.repeat(chars.length - 4)}${chars.slice(-2).join('')}`;
  return '****';
}

/** A company's name is public, but the QR stays short: its first characters identify it to a checker. */
const maskHolder = (r: LicenceRecord) => (r.type === 'business-licence' ? `${[...r.holderName].slice(0, 4).join('')}**` : maskName(r.holderName));

const NAME_KEYS = new Set(['name', 'holder', 'holderName', 'owner', 'owners', 'legalRep', 'legalName', 'driver']);
const NUMBER_KEY = /(idNumber|licenceNo|No|Number|cardNo|accountNo|creditCode|code|vin)$/;
const ADDRESS_KEY = /(address|location|addr)$/i;
const DATE_OF_BIRTH = new Set(['birth', 'birthday', 'birthDate']);

/** One face value as the wallet shows it: names, numbers, addresses and the birth date masked. */
function maskSurface(type: LicenceType, key: string, value: string): string {
  if (!value) return value;
  if (NAME_KEYS.has(key)) {
    // The company's own name on its 营业执照 is public and how a checker recognises it.
    if (type === 'business-licence' && key === 'name') return value;
    return value.split(/[、,，]/).map((n) => maskName(n.trim())).join('、');
  }
  if (DATE_OF_BIRTH.has(key)) return value.replace(/^(\D*\d{4})(.*)$/, (_m, y: string, rest: string) => y + rest.replace(/\d/g, '*'));
  if (ADDRESS_KEY.test(key)) return maskAddress(value);
  if (NUMBER_KEY.test(key) && /\d{6,}/.test(value.replace(/\D/g, ''))) return maskNumber(value);
  return value;
}

export function licenceView(ctx: AppContext, r: LicenceRecord): LicenceView {
  return {
    id: licenceKey(ctx, r),
    type: r.type,
    typeName: LICENCE_TYPE_NAMES[r.type],
    title: r.title,
    holder: maskHolder(r),
    numberMasked: maskNumber(r.licenceNo),
    issuer: r.issuer,
    issuedOn: r.issuedOn,
    validUntil: r.validUntil,
    status: r.status,
    fields: r.surface.map((f) => ({ key: f.key, label: f.label, value: maskSurface(r.type, f.key, f.value) })),
  };
}

/** Why a 6-digit PIN is too easy to guess, or null. `birth` is YYYYMMDD from the ID number. */
export function weakPinReason(pin: string, birth: string | null, idNumber: string | null): string | null {
  if (/^(\d)\1{5}$/.test(pin)) return '亮证密码不能是6位相同数字，请换一个';
  const digits = [...pin].map(Number);
  const step = digits[1]! - digits[0]!;
  if ((step === 1 || step === -1) && digits.every((d, i) => i === 0 || d - digits[i - 1]! === step)) return '亮证密码不能是连续数字（如123456、654321），请换一个';
  if (birth && /^\d{8}$/.test(birth)) {
    const yy = birth.slice(2, 4);
    const mmdd = birth.slice(4, 8);
    if (pin === yy + mmdd || pin === mmdd + yy || pin.startsWith(mmdd) || pin.endsWith(mmdd)) return '亮证密码不能包含您的出生日期，请换一个';
  }
  if (idNumber && idNumber.toUpperCase().endsWith(pin)) return '亮证密码不能是身份证号的后6位，请换一个';
  return null;
}

/** The 亮证 code's signed facts (short keys: the QR stays small). */
interface ShowPayload {
  v: 1;
  /** show id (random) */
  s: string;
  /** licence key */
  k: string;
  /** type, as its index in LICENCE_TYPES (a name would cost the QR up to 17 characters) */
  t: number;
  /** holder, masked */
  h: string;
  /** number, masked */
  n: string;
  /** issued at, epoch s */
  i: number;
  /** expires at, epoch s */
  e: number;
}

function parsePayload(json: string): ShowPayload | null {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const p = v as Record<string, unknown>;
  const str = (x: unknown) => typeof x === 'string' && x.length > 0 && x.length <= 100;
  if (p.v !== 1 || !str(p.s) || !str(p.k) || !str(p.h) || !str(p.n) || !Number.isInteger(p.i) || !Number.isInteger(p.e)) return null;
  if (!Number.isInteger(p.t) || (p.t as number) < 0 || (p.t as number) >= LICENCE_TYPES.length) return null;
  return p as unknown as ShowPayload;
}

/** base64url that decodes and re-encodes to itself (a changed padding bit is a changed code). */
function strictB64(s: string): Buffer | null {
  if (!/^[A-Za-z0-9_-]+$/.test(s)) return null;
  const b = Buffer.from(s, 'base64url');
  return b.toString('base64url') === s ? b : null;
}

/** Who is asking for licences: a person's identity or a company login's. */
interface Holder {
  userId: number;
  kind: 'person' | 'corp';
  name: string;
  idNumber: string | null;
  creditCode: string | null;
  phone: string | null;
}

export interface Meta {
  ip: string;
  requestId: string;
}

export class LicencesService {
  private readonly lists = new TtlCache<Promise<LicenceRecord[]>>(LIST_TTL_MS, 5000);

  constructor(
    private readonly ctx: AppContext,
    private readonly connector: LicenceConnector,
    private readonly signer: DocumentSigner,
    private readonly sms: SmsService,
  ) {}

  // ---- holder and list --------------------------------------------------------------------------

  /** The login as a licence holder; 403 REALNAME_REQUIRED until it is real-name verified. */
  async holder(userId: number): Promise<Holder> {
    const u = await this.ctx.db
      .selectFrom('users')
      .select(['id', 'kind', 'name_enc', 'id_number_enc', 'phone_enc', 'corp_name', 'credit_code_enc', 'real_name_verified', 'status'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!u || u.status !== 'active') throw unauthenticated();
    const gm = this.ctx.gm;
    const phone = gm.decryptNullable(u.phone_enc);
    if (Number(u.real_name_verified) !== 1) throw new AppError(403, HousingErrorCodes.REALNAME_REQUIRED, '查看电子证照需先完成实名认证，请到“我的 → 实名认证”完成后再试');
    if (u.kind === 'corp') {
      const creditCode = gm.decryptNullable(u.credit_code_enc);
      if (!creditCode || !u.corp_name) throw new AppError(403, HousingErrorCodes.REALNAME_REQUIRED, '企业账号需先完成法人实名认证，才能查看企业电子证照');
      return { userId, kind: 'corp', name: u.corp_name, idNumber: gm.decryptNullable(u.id_number_enc), creditCode, phone };
    }
    if (!u.name_enc || !u.id_number_enc) throw new AppError(403, HousingErrorCodes.REALNAME_REQUIRED, '查看电子证照需先完成实名认证，请到“我的 → 实名认证”完成后再试');
    return { userId, kind: 'person', name: gm.decrypt(u.name_enc), idNumber: gm.decrypt(u.id_number_enc), creditCode: null, phone };
  }

  /** The holder's licences at the issuer, kept a minute per user (the wallet, then a show, read it). */
  private async records(h: Holder, requestId?: string, fresh = false): Promise<LicenceRecord[]> {
    const key = String(h.userId);
    const stamp = h.kind === 'corp' ? `c:${h.creditCode}` : `p:${h.idNumber}`;
    if (!fresh) {
      const hit = this.lists.get(key, stamp);
      if (hit) return hit;
    }
    const who = h.kind === 'corp' ? { creditCode: h.creditCode!, name: h.name } : { idNumber: h.idNumber!, name: h.name };
    const p = this.connector.holder(SITE, who, { requestId }).then((r) => r.licences);
    this.lists.set(key, stamp, p);
    // A failed read is not remembered: the next request asks the issuer again.
    p.catch(() => {
      if (this.lists.get(key, stamp) === p) this.lists.delete(key);
    });
    return p;
  }

  private async record(h: Holder, id: string, requestId?: string): Promise<LicenceRecord> {
    const found = (await this.records(h, requestId)).find((r) => licenceKey(this.ctx, r) === id);
    if (found) return found;
    throw notFound();
  }

  async list(userId: number, requestId?: string): Promise<LicencesResponse> {
    const h = await this.holder(userId);
    const [records, pin] = await Promise.all([this.records(h, requestId, true), this.pinRow(userId)]);
    const lockedUntil = pin?.locked_until && pin.locked_until > nowIso() ? pin.locked_until : null;
    return { items: records.map((r) => licenceView(this.ctx, r)), pinSet: !!pin, pinLockedUntil: lockedUntil };
  }

  // ---- PIN --------------------------------------------------------------------------------------

  private pinRow(userId: number) {
    return this.ctx.db.selectFrom('licence_pins').selectAll().where('user_id', '=', userId).executeTakeFirst();
  }

  /** Sets or resets the PIN with an SMS code to the login's phone; a reset also lifts a lock. */
  async setPin(userId: number, pin: string, smsCode: string, meta: Meta): Promise<void> {
    const h = await this.holder(userId);
    if (!h.phone) throw badRequest('账号未绑定手机号，无法通过短信验证设置亮证密码', { smsCode: '账号未绑定手机号' });
    const birth = h.idNumber && /^\d{17}[\dX]$/i.test(h.idNumber) ? h.idNumber.slice(6, 14) : null;
    const weak = weakPinReason(pin, birth, h.idNumber);
    if (weak) throw badRequest(weak, { pin: weak });
    await this.sms.verifyCode(h.phone, 'licence-pin', smsCode);
    const hash = await this.ctx.passwords.hash(pin);
    const now = nowIso();
    const db = this.ctx.db;
    const existed = !!(await this.pinRow(userId));
    const update = () => db.updateTable('licence_pins').set({ pin_hash: hash, failed_count: 0, locked_until: null, set_at: now }).where('user_id', '=', userId).executeTakeFirst();
    if (existed) await update();
    else {
      try {
        await db.insertInto('licence_pins').values({ user_id: userId, pin_hash: hash, failed_count: 0, locked_until: null, set_at: now }).execute();
      } catch (err) {
        // Two first settings at once: the later one wins, as a reset would.
        if (!isDuplicateKey(err)) throw err;
        await update();
      }
    }
    await this.audit(h, meta, 'licence.pin.set', 'ok', existed ? '重设亮证密码（短信验证）' : '设置亮证密码（短信验证）');
  }

  /**
   * The PIN checked against its lockout, race-safe: every wrong PIN is one conditional UPDATE
   * (`failed_count + 1` only while not locked), and the lock is set by another conditional UPDATE
   * once the count reached the limit — two wrong PINs at once never both get the "last" attempt.
   */
  private async checkPin(h: Holder, pin: string, meta: Meta): Promise<void> {
    const db = this.ctx.db;
    const userId = h.userId;
    let row = await this.pinRow(userId);
    if (!row) throw pinNotSet();
    const now = nowIso();
    if (row.locked_until && row.locked_until > now) throw pinLocked(row.locked_until);
    if (row.locked_until) {
      // The lock ran out: a fresh series of attempts.
      await db.updateTable('licence_pins').set({ failed_count: 0, locked_until: null }).where('user_id', '=', userId).where('locked_until', '=', row.locked_until).execute();
      row = (await this.pinRow(userId))!;
      // Another attempt of this moment may have locked it again already.
      if (row.locked_until && row.locked_until > nowIso()) throw pinLocked(row.locked_until);
    }
    if (await this.ctx.passwords.verify(row.pin_hash, pin)) {
      // Right, but only counts while not locked: a lock set by a concurrent wrong PIN wins.
      const ok = await db.updateTable('licence_pins').set({ failed_count: 0 }).where('user_id', '=', userId).where('locked_until', 'is', null).executeTakeFirst();
      if (Number(ok.numUpdatedRows) === 0) {
        const again = await this.pinRow(userId);
        if (!again) throw pinNotSet();
        if (again.locked_until) throw pinLocked(again.locked_until);
      }
      return;
    }
    const bumped = await db
      .updateTable('licence_pins')
      .set({ failed_count: sql<number>`failed_count + 1` })
      .where('user_id', '=', userId)
      .where('locked_until', 'is', null)
      .executeTakeFirst();
    // An increment always changes the row, so "0 rows" means it was locked meanwhile (any driver).
    if (Number(bumped.numUpdatedRows) === 0) {
      const again = await this.pinRow(userId);
      throw pinLocked(again?.locked_until ?? new Date(Date.now() + LICENCE_PIN_LOCK_MINUTES * 60_000).toISOString());
    }
    const until = new Date(Date.now() + LICENCE_PIN_LOCK_MINUTES * 60_000).toISOString();
    await db.updateTable('licence_pins').set({ locked_until: until }).where('user_id', '=', userId).where('locked_until', 'is', null).where('failed_count', '>=', LICENCE_PIN_MAX_FAILS).execute();
    const after = (await this.pinRow(userId))!;
    if (after.locked_until && after.locked_until > nowIso()) {
      await this.audit(h, meta, 'licence.pin.lock', 'denied', `亮证密码连续输错${LICENCE_PIN_MAX_FAILS}次，锁定${LICENCE_PIN_LOCK_MINUTES}分钟`);
      throw pinLocked(after.locked_until);
    }
    const left = Math.max(0, LICENCE_PIN_MAX_FAILS - Number(after.failed_count));
    throw new AppError(400, HousingErrorCodes.LICENCE_PIN_WRONG, `亮证密码不正确，还可尝试${left}次`, { fields: { pin: `亮证密码不正确，还可尝试${left}次` }, details: { attemptsLeft: left } });
  }

  // ---- 亮证 -------------------------------------------------------------------------------------

  async show(userId: number, id: string, pin: string, meta: Meta): Promise<LicenceShowResponse> {
    const h = await this.holder(userId);
    const r = await this.record(h, id, meta.requestId);
    await this.checkPin(h, pin, meta);
    const status = await this.connector.status(SITE, r.licenceNo, { requestId: meta.requestId });
    if (!status || status.status !== 'valid') {
      const why = !status ? '发证机关查无此证' : status.status === 'revoked' ? '该证照已被发证机关注销' : '该证照已过有效期';
      throw new AppError(409, HousingErrorCodes.LICENCE_NOT_VALID, `${why}，不能亮证；如有疑问请联系${r.issuer}`);
    }
    const issuedMs = Date.now();
    const i = Math.floor(issuedMs / 1000);
    const e = i + LICENCE_SHOW_SECONDS;
    const payload: ShowPayload = { v: 1, s: randomBytes(9).toString('base64url'), k: id, t: LICENCE_TYPES.indexOf(r.type), h: maskHolder(r), n: maskNumber(r.licenceNo), i, e };
    const json = canonicalJson(payload);
    const qrText = `${LICENCE_QR_PREFIX}${Buffer.from(json, 'utf8').toString('base64url')}.${this.signer.signText(json)}`;
    const expiresAt = new Date(e * 1000).toISOString();
    await this.ctx.db
      .insertInto('licence_events')
      .values({ user_id: userId, licence_key: id, kind: 'show', show_id: payload.s, result: '', checker: '', checker_user_id: null, expires_at: expiresAt, created_at: new Date(i * 1000).toISOString() })
      .execute();
    return { qrText, expiresAt, watermark: beijingTime(issuedMs), licence: { ...licenceView(this.ctx, r), status: status.status } };
  }

  // ---- check (POST /api/verify, prefix DZLIC:) --------------------------------------------------

  private async checkerLabel(context: VerifyContext): Promise<string> {
    if (context.userId != null) {
      const u = await this.ctx.db.selectFrom('users').select(['name_enc', 'real_name_verified', 'kind', 'corp_name']).where('id', '=', context.userId).executeTakeFirst();
      if (u && Number(u.real_name_verified) === 1) {
        if (u.kind === 'corp' && u.corp_name) return `${u.corp_name}（企业用户）`;
        if (u.name_enc) return `${maskName(this.ctx.gm.decrypt(u.name_enc))}（实名用户）`;
      }
    }
    if (context.staffName) return `工作人员 ${maskName(context.staffName)}`;
    return '匿名核验';
  }

  async verify(rest: string, context: VerifyContext): Promise<VerifyResult> {
    const parts = rest.split('.');
    if (parts.length !== 2) return invalid(LICENCE_TAMPERED);
    const body = strictB64(parts[0]!);
    const sig = strictB64(parts[1]!);
    if (!body || !sig) return invalid(LICENCE_TAMPERED);
    const json = body.toString('utf8');
    if (!this.signer.verify(json, parts[1]!)) return invalid(LICENCE_TAMPERED);
    const p = parsePayload(json);
    if (!p) return invalid(LICENCE_TAMPERED);

    const typeName = LICENCE_TYPE_NAMES[LICENCE_TYPES[p.t]! as LicenceTypeCode];
    const known = { kind: `${typeName}（亮证）`, holder: p.h, issuedAt: new Date(p.i * 1000).toISOString(), expiresAt: new Date(p.e * 1000).toISOString() };
    const show = await this.ctx.db.selectFrom('licence_events').select(['user_id', 'licence_key']).where('show_id', '=', p.s).where('kind', '=', 'show').executeTakeFirst();
    // Signed by this platform's key but never shown here (a key shared with another deployment).
    if (!show || show.licence_key !== p.k) return invalid(LICENCE_TAMPERED);

    const log = async (result: string) => {
      await this.ctx.db
        .insertInto('licence_events')
        .values({ user_id: Number(show.user_id), licence_key: p.k, kind: 'check', show_id: p.s, result, checker: await this.checkerLabel(context), checker_user_id: context.userId, expires_at: known.expiresAt, created_at: nowIso() })
        .execute();
    };

    if (Date.now() >= p.e * 1000) {
      await log('expired');
      return { valid: false, ...known, reason: LICENCE_EXPIRED };
    }
    const h = await this.holder(Number(show.user_id)).catch(() => null);
    const r = h ? (await this.records(h)).find((x) => licenceKey(this.ctx, x) === p.k) : undefined;
    const status = r ? await this.connector.status(SITE, r.licenceNo) : null;
    if (!r || !status || status.status !== 'valid') {
      const result = status?.status === 'expired' ? 'expired' : 'revoked';
      await log(result);
      const reason = result === 'expired' ? '该证照已过有效期，亮证无效' : '该证照已被发证机关注销或吊销，亮证无效';
      return { valid: false, ...known, reason };
    }
    await log('valid');
    return {
      valid: true,
      ...known,
      details: [
        { label: '证照名称', value: r.title },
        { label: '证照编号', value: p.n },
        { label: '发证机关', value: r.issuer },
        { label: '有效期至', value: r.validUntil ?? '长期' },
      ],
    };
  }

  // ---- events -----------------------------------------------------------------------------------

  async events(userId: number, id: string, requestId?: string): Promise<{ items: LicenceEvent[] }> {
    const h = await this.holder(userId);
    const rows = await this.ctx.db
      .selectFrom('licence_events')
      .select(['kind', 'result', 'checker', 'created_at'])
      .where('user_id', '=', userId)
      .where('licence_key', '=', id)
      .orderBy('id', 'desc')
      .limit(EVENTS_MAX)
      .execute();
    // Rows of this user prove the licence is theirs; without any, the issuer says whether it is (else 404).
    if (!rows.length) await this.record(h, id, requestId);
    return { items: rows.map((r) => ({ kind: r.kind, at: r.created_at, result: r.result, checker: r.checker })) };
  }

  // ---- consent and prefill (免提交) ---------------------------------------------------------------

  async consent(userId: number, formCode: string, meta: Meta): Promise<void> {
    const h = await this.holder(userId);
    try {
      await this.ctx.db.insertInto('licence_consents').values({ user_id: userId, form_code: formCode, created_at: nowIso() }).execute();
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return;
    }
    await this.audit(h, meta, 'licence.consent.grant', 'ok', `同意表单“${formCode}”调用电子证照预填`);
  }

  async withdrawConsent(userId: number, formCode: string, meta: Meta): Promise<void> {
    const res = await this.ctx.db.deleteFrom('licence_consents').where('user_id', '=', userId).where('form_code', '=', formCode).executeTakeFirst();
    if (Number(res.numDeletedRows) > 0) {
      const h = await this.holder(userId).catch(() => null);
      if (h) await this.audit(h, meta, 'licence.consent.withdraw', 'ok', `撤回表单“${formCode}”调用电子证照预填的授权`);
    }
  }

  async consented(userId: number, formCode: string): Promise<boolean> {
    return !!(await this.ctx.db.selectFrom('licence_consents').select('form_code').where('user_id', '=', userId).where('form_code', '=', formCode).executeTakeFirst());
  }

  /**
   * Values for `licence.<type>.<key>` sources, from the holder's licences at the issuer: a surface
   * key, or the record's own licenceNo / issuer / issuedOn / validUntil. Full values, like user.*
   * prefill: they go into the holder's own application, served no-store.
   */
  async prefillValues(userId: number, sources: string[]): Promise<Record<string, string>> {
    const h = await this.holder(userId);
    const records = (await this.records(h)).filter((r) => r.status === 'valid');
    const out: Record<string, string> = {};
    for (const source of sources) {
      const [, type, key] = source.split('.');
      const r = records.find((x) => x.type === type);
      if (!r || !key) continue;
      const fromSurface = r.surface.find((f) => f.key === key)?.value;
      const own: Record<string, string | null> = { licenceNo: r.licenceNo, issuer: r.issuer, issuedOn: r.issuedOn, validUntil: r.validUntil, holderName: r.holderName };
      const v = fromSurface ?? own[key] ?? null;
      if (v) out[source] = v;
    }
    return out;
  }

  private async audit(h: Holder, meta: Meta, action: string, result: 'ok' | 'denied' | 'failed', summary: string): Promise<void> {
    await this.ctx.audit.record({
      actorType: 'user',
      actorId: h.userId,
      actorName: h.phone ? maskPhone(h.phone) : null,
      siteCode: null,
      action,
      objectType: 'user',
      objectId: h.userId,
      summary,
      ip: meta.ip,
      result,
      requestId: meta.requestId,
    });
  }
}
