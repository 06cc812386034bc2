/**
 * 四川省电子证照共享服务平台（模拟）: the licences of a person (by ID number and name) or a company
 * (by credit code and name) as licences.ts derives them, and the status of one licence. Revocation
 * is per sandbox, by the test control; a 不动产权证书 the registry revoked (注销) shows revoked here
 * too. Signed like every partner call.
 */
import type { FastifyInstance } from 'fastify';
import { BizCode, LICENCE_TYPES, ok, type LicenceListResult, type LicenceRecord, type LicenceStatusResult, type LicenceType } from '@dz/partner-protocol';
import { RESIDENTS } from '../../demo/residents.js';
import { isRecord, text } from '../../lib/body.js';
import { badRequest, refuse, sendEnvelope } from '../../protocol.js';
import { INPUT_KINDS } from '../bureau/module.js';
import { beijingDay } from '../bureau/demo.js';
import { registryOf } from '../real-estate/certificates.js';
import { perSandbox, type PartnerContext, type PartnerModule } from '../types.js';
import { companyLicences, personLicences } from './licences.js';

type Draft = Omit<LicenceRecord, 'status'>;

/** Licences listed so far, by number (身份证 and 驾驶证 share the ID number). The data is derived, so this is the same in every sandbox. */
const LISTED = new Map<string, Draft[]>();

function remember(drafts: Draft[]): void {
  for (const d of drafts) {
    const same = (LISTED.get(d.licenceNo) ?? []).filter((x) => x.type !== d.type);
    LISTED.set(d.licenceNo, [...same, d]);
  }
}

class LicenceState {
  /** `${type}|${licenceNo}` → when it was revoked (ISO). */
  readonly revoked = new Map<string, string>();
  constructor(readonly ctx: PartnerContext) {}

  status(d: Draft): { status: LicenceRecord['status']; revokedAt: string | null } {
    const own = this.revoked.get(`${d.type}|${d.licenceNo}`);
    if (own) return { status: 'revoked', revokedAt: own };
    if (d.type === 'property-cert') {
      const r = registryOf(this.ctx).revokedCert(d.licenceNo);
      if (r) return { status: 'revoked', revokedAt: `${r.at}T00:00:00+08:00` };
    }
    if (d.validUntil !== null && d.validUntil < beijingDay(this.ctx.now())) return { status: 'expired', revokedAt: null };
    return { status: 'valid', revokedAt: null };
  }

  /** The licences with that number (of that type when given), listing the holder again if need be. */
  find(licenceNo: string, type: LicenceType | undefined): Draft | undefined {
    let found = LISTED.get(licenceNo);
    if (!found) {
      // A number the platform has not been asked about since it started (a restart): an ID
      // number or a credit code is enough to list its holder again.
      if (INPUT_KINDS.idNumber.re.test(licenceNo)) remember(personLicences(this.ctx, licenceNo, RESIDENTS.find((r) => r.idNumber === licenceNo)?.name ?? ''));
      else if (INPUT_KINDS.creditCode.re.test(licenceNo)) remember(companyLicences(licenceNo, RESIDENTS.find((r) => r.company?.creditCode === licenceNo)?.company?.name ?? ''));
      found = LISTED.get(licenceNo);
    }
    // Without a type, the number means the licence first in the wallet (身份证 before 驾驶证).
    return type ? found?.find((d) => d.type === type) : found?.[0];
  }
}

const stateOf = perSandbox((ctx) => new LicenceState(ctx));

function parseType(v: unknown): LicenceType | undefined | null {
  if (v === undefined || v === null || v === '') return undefined;
  return typeof v === 'string' && (LICENCE_TYPES as readonly string[]).includes(v) ? (v as LicenceType) : null;
}

const TYPE_MESSAGE = `type 可选，应为 ${LICENCE_TYPES.join(' | ')}`;

async function licenceRoutes(app: FastifyInstance, ctx: PartnerContext): Promise<void> {
  const state = stateOf(ctx);

  app.post('/v1/licence/holder', async (req, reply) => {
    const body = req.body;
    if (!isRecord(body)) return badRequest(reply, '请求体应为 {idNumber, name} 或 {creditCode, name}');
    const name = text(body.name, 50);
    const idNumber = typeof body.idNumber === 'string' && body.idNumber !== '' ? body.idNumber.trim().toUpperCase() : null;
    const creditCode = typeof body.creditCode === 'string' && body.creditCode !== '' ? body.creditCode.trim().toUpperCase() : null;
    if (!name) return badRequest(reply, 'name 必填：持证人姓名或企业名称，不超过50个字符');
    if ((idNumber === null) === (creditCode === null)) return badRequest(reply, 'idNumber（个人）与 creditCode（企业）须且只须填写一项');
    if (idNumber !== null && !INPUT_KINDS.idNumber.re.test(idNumber)) return refuse(reply, BizCode.INVALID_DATA, INPUT_KINDS.idNumber.message);
    if (creditCode !== null && !INPUT_KINDS.creditCode.re.test(creditCode)) return refuse(reply, BizCode.INVALID_DATA, INPUT_KINDS.creditCode.message);
    const drafts = idNumber !== null ? personLicences(ctx, idNumber, name) : companyLicences(creditCode!, name);
    remember(drafts);
    const licences = drafts.map((d) => ({ ...d, status: state.status(d).status }));
    return sendEnvelope<LicenceListResult>(reply, 200, ok({ licences }));
  });

  app.post('/v1/licence/status', async (req, reply) => {
    const body = req.body;
    const licenceNo = isRecord(body) ? text(body.licenceNo, 100) : null;
    if (!licenceNo) return badRequest(reply, '请求体应为 {licenceNo, type?}');
    const type = parseType(isRecord(body) ? body.type : undefined);
    if (type === null) return badRequest(reply, TYPE_MESSAGE);
    const d = state.find(licenceNo, type);
    if (!d) return refuse(reply, BizCode.NOT_FOUND, `电子证照库中没有证照 ${licenceNo}`);
    return sendEnvelope<LicenceStatusResult>(reply, 200, ok({ licenceNo: d.licenceNo, ...state.status(d) }));
  });
}

async function licenceControlRoutes(app: FastifyInstance, ctx: PartnerContext): Promise<void> {
  const state = stateOf(ctx);
  app.post('/_control/licence/revoke', async (req, reply) => {
    const body = req.body;
    const licenceNo = isRecord(body) ? text(body.licenceNo, 100) : null;
    const type = parseType(isRecord(body) ? body.type : undefined);
    if (!licenceNo || type === null) return badRequest(reply, `请求体应为 {licenceNo, type?}；${TYPE_MESSAGE}`);
    const d = state.find(licenceNo, type);
    if (!d) return refuse(reply, BizCode.NOT_FOUND, `电子证照库中没有证照 ${licenceNo}`);
    state.revoked.set(`${d.type}|${d.licenceNo}`, new Date(ctx.now()).toISOString());
    return sendEnvelope(reply, 200, ok({ licenceNo: d.licenceNo, type: d.type, status: 'revoked' }));
  });
  app.post('/_control/licence/reset', async (_req, reply) => {
    state.revoked.clear();
    return sendEnvelope(reply, 200, ok({ reset: true }));
  });
}

export const licencePartner: PartnerModule = {
  name: 'licence',
  title: '四川省电子证照共享服务平台（模拟）',
  owner: '四川省大数据中心（演示）',
  description:
    '按身份证号与姓名（个人）或统一社会信用代码与名称（企业）返回已归集的电子证照：居民身份证、社会保障卡、机动车驾驶证、机动车行驶证、不动产权证书（即不动产登记中心登记簿中本人名下的房屋）、住房公积金账户卡（公积金中心有账户时）、营业执照；姓名与人口库不符时返回空列表。查询单本证照的状态（有效 / 已注销 / 已过期）。全部为演示数据。',
  signed: true,
  endpoints: [
    { method: 'POST', path: '/v1/licence/holder', summary: '持证人的电子证照 {idNumber, name} 或 {creditCode, name} → {licences: LicenceRecord[]}' },
    { method: 'POST', path: '/v1/licence/status', summary: '证照状态 {licenceNo, type?} → {licenceNo, status: valid|revoked|expired, revokedAt}；不存在为 2001。身份证与驾驶证证号相同，不填 type 时指身份证' },
    { method: 'POST', path: '/_control/licence/revoke', summary: '测试：注销一本证照 {licenceNo, type?}', access: 'control' },
    { method: 'POST', path: '/_control/licence/reset', summary: '测试：撤销所有注销', access: 'control' },
  ],
  routes: licenceRoutes,
  controlRoutes: licenceControlRoutes,
};
