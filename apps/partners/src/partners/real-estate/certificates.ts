/**
 * The registry's side of a 不动产权证书's QR code and what a scan of it answers.
 *
 * The QR says `BDCZS:<certId>.<tag>`: certId is the registry's id of the certificate (DZ + year +
 * serial of its 证号), tag the first 16 base64url characters of HMAC-SHA256(certId) under the
 * registry's secret. A QR whose tag does not match, or naming a certificate the registry never
 * issued, is 查无此证 (not-found): a photocopied certificate with a retyped or altered QR does not
 * pass. Revocations (注销) are per sandbox, set by the test control; the demo's revoked
 * certificate (DEMO_REVOKED) is revoked in every sandbox.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { REAL_ESTATE_QR_PREFIX, type RegistryCertificateCheck, type RegistryHouse, type RegistryPerson } from '@dz/partner-protocol';
import { RESIDENTS } from '../../demo/residents.js';
import { maskName } from '../bureau/demo.js';
import { perSandbox, type PartnerContext } from '../types.js';
import { DEMO_CITIZEN_ID, DEMO_HOME_FACTS, DEMO_REVOKED, certIdOf, generatedHousehold } from './registry.js';

/** The registry's signing secret for QR tags (a sandbox constant: the demo pictures print tags made with it). */
const QR_SECRET = 'dz-sandbox-real-estate-qr-2026';
const TAG_LENGTH = 16;
const QR_SHAPE = /^BDCZS:([A-Z0-9]{8,20})\.([A-Za-z0-9_-]{16})$/;

export function qrTag(certId: string): string {
  return createHmac('sha256', QR_SECRET).update(certId).digest('base64url').slice(0, TAG_LENGTH);
}

/** What the registry prints on the certificate of this 证号. */
export function qrTextOf(certNo: string): string {
  const certId = certIdOf(certNo);
  return `${REAL_ESTATE_QR_PREFIX}${certId}.${qrTag(certId)}`;
}

interface Issued {
  house: RegistryHouse;
  revoked?: { at: string; reason: string };
}

/**
 * Every certificate the generated registry has issued, by certId. The generator is deterministic,
 * so this is only an index of what it has produced (the roster at start, anyone else once asked);
 * it is the same in every sandbox.
 */
const ISSUED = new Map<string, Issued>();

function index(people: readonly RegistryPerson[], into: Map<string, Issued>): void {
  for (const p of people) for (const h of p.houses) into.set(certIdOf(h.certNo), { house: h });
}

/** State a test may change, per sandbox: pinned households and revoked certificates. */
export class RegistryState {
  readonly pins = new Map<string, RegistryPerson[]>();
  readonly pinnedIssued = new Map<string, Issued>();
  readonly revoked = new Map<string, { at: string; reason: string }>();

  constructor(private readonly now: () => number) {}

  household(idNumber: string): RegistryPerson[] {
    const pinned = this.pins.get(idNumber);
    if (pinned) return pinned;
    const people = generatedHousehold(idNumber, this.now());
    index(people, ISSUED);
    return people;
  }

  pin(idNumber: string, people: RegistryPerson[]): void {
    this.pins.set(idNumber, people);
    index(people, this.pinnedIssued);
  }

  reset(): void {
    this.pins.clear();
    this.pinnedIssued.clear();
    this.revoked.clear();
  }

  /** Revokes a certificate the registry issued; false when it knows no such certId. */
  revoke(certId: string, reason: string): boolean {
    if (!this.pinnedIssued.has(certId) && !ISSUED.has(certId)) return false;
    this.revoked.set(certId, { at: new Date(this.now() + 8 * 3_600_000).toISOString().slice(0, 10), reason });
    return true;
  }

  /** Whether a 证号 is revoked in this sandbox (the 电子证照 platform asks too). */
  revokedCert(certNo: string): { at: string; reason: string } | null {
    const certId = certIdOf(certNo);
    return this.revoked.get(certId) ?? ISSUED.get(certId)?.revoked ?? null;
  }

  check(qrText: string): RegistryCertificateCheck {
    const m = QR_SHAPE.exec(qrText.trim());
    if (!m) return notFound(qrText.startsWith(REAL_ESTATE_QR_PREFIX) ? NOT_FOUND_MESSAGE : '这不是不动产登记中心签发的证书二维码，请扫描证书上的二维码');
    const [, certId, tag] = m as unknown as [string, string, string];
    const expected = Buffer.from(qrTag(certId));
    const issued = this.pinnedIssued.get(certId) ?? ISSUED.get(certId);
    if (!timingSafeEqual(expected, Buffer.from(tag)) || !issued) return notFound(NOT_FOUND_MESSAGE);
    const h = issued.house;
    const revoked = this.revoked.get(certId) ?? issued.revoked ?? null;
    return {
      status: revoked ? 'revoked' : 'valid',
      certNo: h.certNo,
      certKind: '不动产权证书',
      unitNo: h.unitNo,
      location: h.location,
      ownersMasked: h.owners.map(maskName).join('、'),
      registeredAt: h.registeredAt,
      revokedAt: revoked?.at ?? null,
      message: revoked ? `已注销：${revoked.reason}（注销日期 ${revoked.at}），该证书不再作为权属证明` : '证书有效：与不动产登记簿记载一致',
    };
  }
}

const NOT_FOUND_MESSAGE = '查无此证：二维码与不动产登记簿不符，证书可能被篡改或伪造，请向不动产登记中心核实';

function notFound(message: string): RegistryCertificateCheck {
  return { status: 'not-found', certNo: null, certKind: null, unitNo: null, location: null, ownersMasked: null, registeredAt: null, revokedAt: null, message };
}

export const registryOf = perSandbox((ctx: PartnerContext) => new RegistryState(ctx.now));

// The roster's certificates are known from the start, and the demo's revoked one is on file.
for (const r of RESIDENTS) index(generatedHousehold(r.idNumber, Date.now()), ISSUED);
ISSUED.set(certIdOf(DEMO_REVOKED.house.certNo), { house: DEMO_REVOKED.house, revoked: { at: DEMO_REVOKED.revokedAt, reason: DEMO_REVOKED.reason } });

/** A certificate id of the right shape the registry never issued, with a tag nobody signed. */
const FORGED_CERT_ID = 'DZ20220058127';
const FORGED_TAG = 'Xq3vR8mK2pLw9TzA';

export interface DemoCertificate {
  certId: string;
  title: string;
  status: 'valid' | 'revoked' | 'not-found';
  qrText: string;
  png: string;
}

/** What is printed on each demo picture, for the HTML page. */
export interface DemoCertificateFacts extends DemoCertificate {
  facts: { label: string; value: string }[];
}

function printed(h: RegistryHouse): { label: string; value: string }[] {
  return [
    { label: '不动产权证号', value: h.certNo },
    { label: '权利人', value: h.owners.map(maskName).join('、') },
    { label: '共有情况', value: h.ownership },
    { label: '坐落', value: h.location },
    { label: '不动产单元号', value: h.unitNo },
    { label: '用途', value: h.usage },
    { label: '建筑面积', value: `${h.buildingArea.toFixed(2)}㎡` },
    { label: '登簿日期', value: h.registeredAt },
  ];
}

/** The three demo certificates: one valid, one revoked, one forged (the registry never issued it). */
export function demoCertificates(): DemoCertificateFacts[] {
  const home = generatedHousehold(DEMO_CITIZEN_ID, Date.now())[0]!.houses.find((h) => h.room === DEMO_HOME_FACTS.room)!;
  const revoked = DEMO_REVOKED.house;
  const item = (certId: string, title: string, status: DemoCertificate['status'], qrText: string, facts: { label: string; value: string }[]): DemoCertificateFacts => ({
    certId,
    title,
    status,
    qrText,
    png: `/demo/real-estate/certificates/${certId}.png`,
    facts,
  });
  return [
    item(certIdOf(home.certNo), '不动产权证书（有效）', 'valid', qrTextOf(home.certNo), printed(home)),
    item(certIdOf(revoked.certNo), '不动产权证书（已注销）', 'revoked', qrTextOf(revoked.certNo), [
      ...printed(revoked),
      { label: '注销', value: `${DEMO_REVOKED.revokedAt} ${DEMO_REVOKED.reason}` },
    ]),
    item(FORGED_CERT_ID, '不动产权证书（伪造，登记簿查无此证）', 'not-found', `${REAL_ESTATE_QR_PREFIX}${FORGED_CERT_ID}.${FORGED_TAG}`, [
      { label: '不动产权证号', value: '川（2022）达州市不动产权第0058127号' },
      { label: '权利人', value: '王*' },
      { label: '坐落', value: '达州市通川区西外大道66号2栋1单元802号' },
      { label: '说明', value: '证号格式正确，但登记中心从未签发，二维码签名不符' },
    ]),
  ];
}
