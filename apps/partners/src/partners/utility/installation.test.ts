/** 报装 — one implementation behind water (WS), power (DS) and gas (RQ). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BizCode, EnvelopeCode, type InstallationStatus } from '@dz/partner-protocol';
import { buildSandbox, type Sandbox } from '../../app.js';
import { attachment, gasForm, ID_AND_PROPERTY, utilityForm } from '../../test/fixtures.js';
import { data, envelope, partnerClient, TestClock, type PartnerClient } from '../../test/helpers.js';
import { INSTALL_REJECT_NOTE, MAX_ATTACHMENT_BYTES } from './installation.js';

const START = Date.parse('2026-03-15T02:00:00Z');
const MIN = 60_000;

const COMPANIES = [
  { name: 'water', prefix: 'WS', done: '已通水', form: () => utilityForm(), addressKey: 'applicantAddress', needsAttachments: true },
  { name: 'power', prefix: 'DS', done: '已通电', form: () => utilityForm({ supplyContractNo: '' }), addressKey: 'applicantAddress', needsAttachments: true },
  { name: 'gas', prefix: 'RQ', done: '已通气', form: () => gasForm(), addressKey: 'address', needsAttachments: false },
] as const;

describe.each(COMPANIES)('$name installations', (co) => {
  let app: Sandbox;
  let client: PartnerClient;
  const clock = new TestClock(START);
  const url = `/v1/${co.name}/installations`;
  let seq = 0;
  const submit = (over: Record<string, unknown> = {}, attachments: unknown[] = ID_AND_PROPERTY(), applicationNo = `SQ-${co.name}-${++seq}`) =>
    client.write(url, { applicationNo, form: { ...co.form(), ...over }, attachments });
  const status = async (installNo: string) => data<InstallationStatus>(await client.get(`${url}/${installNo}`));

  beforeAll(async () => {
    app = await buildSandbox({ now: clock.now });
    client = partnerClient(app, { now: clock.now });
  });
  afterAll(async () => app.close());

  it('accepts an application and moves it along with the clock', async () => {
    clock.t = START;
    const received = data<InstallationStatus>(await submit());
    expect(received.installNo).toMatch(new RegExp(`^${co.prefix}\\d{10}$`));
    expect(received).toMatchObject({ applicationNo: `SQ-${co.name}-${seq}`, status: 'received' });
    expect(received.steps).toEqual([{ at: new Date(START).toISOString(), status: 'received', title: '已受理申请', note: expect.any(String) as string }]);

    const expectations: [number, string, number][] = [
      [59_999, 'received', 1],
      [MIN, 'accepted', 2],
      [5 * MIN - 1, 'accepted', 2],
      [5 * MIN, 'surveying', 3],
      [30 * MIN, 'constructing', 4],
      [120 * MIN - 1, 'constructing', 4],
      [120 * MIN, 'completed', 5],
      [48 * 60 * MIN, 'completed', 5],
    ];
    for (const [elapsed, expected, count] of expectations) {
      clock.t = START + elapsed;
      const s = await status(received.installNo);
      expect([s.status, s.steps.length], `${elapsed} ms`).toEqual([expected, count]);
    }
    const done = await status(received.installNo);
    expect(done.steps.map((s) => [s.status, s.title, s.at])).toEqual([
      ['received', '已受理申请', new Date(START).toISOString()],
      ['accepted', '审核通过', new Date(START + MIN).toISOString()],
      ['surveying', '现场勘查', new Date(START + 5 * MIN).toISOString()],
      ['constructing', '施工安装', new Date(START + 30 * MIN).toISOString()],
      ['completed', co.done, new Date(START + 120 * MIN).toISOString()],
    ]);
  });

  it('rejects an application whose address contains 驳回 after 60 s, and goes no further', async () => {
    clock.t = START;
    const s = data<InstallationStatus>(await submit({ [co.addressKey]: '达州市通川区驳回路1号' }));
    clock.t = START + 59_000;
    expect((await status(s.installNo)).status).toBe('received');
    clock.t = START + 3 * 60 * MIN;
    const rejected = await status(s.installNo);
    expect(rejected.status).toBe('rejected');
    expect(rejected.steps.map((x) => x.status)).toEqual(['received', 'rejected']);
    expect(rejected.steps[1]).toEqual({ at: new Date(START + MIN).toISOString(), status: 'rejected', title: '未通过审核', note: INSTALL_REJECT_NOTE });
  });

  it('answers the existing installation when the same applicationNo comes again', async () => {
    const first = data<InstallationStatus>(await submit({}, ID_AND_PROPERTY(), `SQ-${co.name}-same`));
    const again = data<InstallationStatus>(await submit({}, ID_AND_PROPERTY(), `SQ-${co.name}-same`));
    expect(again.installNo).toBe(first.installNo);
    const replayed = await client.write(url, { applicationNo: 'SQ-replay', form: co.form(), attachments: ID_AND_PROPERTY() }, 'install-key');
    const replay = await client.write(url, { applicationNo: 'SQ-replay', form: co.form(), attachments: ID_AND_PROPERTY() }, 'install-key');
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toBe(replayed.body);
  });

  it('refuses an invalid form with 2004 naming the field', async () => {
    const cases: [Record<string, unknown>, RegExp][] =
      co.name === 'gas'
        ? [
            [{ applicantName: '' }, /申请人姓名（applicantName）/],
            [{ contactPhone: '12345678901' }, /联系电话（contactPhone）应为11位手机号码/],
            [{ idNumber: '511702199001011232' }, /身份证号码（idNumber）不是有效的居民身份证号码/],
            [{ installType: 'nuclear' }, /报装类型（installType）/],
            [{ description: '   ' }, /需求描述（description）/],
          ]
        : [
            [{ applicantName: '' }, /请填写申请人名称（applicantName）/],
            [{ applicantAddress: undefined }, /申请人地址（applicantAddress）/],
            [{ applicantPhone: '1390000000' }, /申请人电话（applicantPhone）应为11位手机号码/],
            [{ applicantIdNumber: '511702199001011232' }, /申请人身份证号（applicantIdNumber）不是有效的居民身份证号码/],
            [{ appointmentDate: '2026-02-30' }, /安装预约时间（appointmentDate）/],
            [{ certType: '护照' }, /证件类型（certType）/],
            [{ certNo: '123' }, /证件号码（certNo）不是有效的居民身份证号码/],
            [{ reason: 42 }, /申请原因（reason）应为文本/],
          ];
    for (const [over, message] of cases) {
      const res = await submit(over);
      expect(res.statusCode, JSON.stringify(over)).toBe(200);
      expect(envelope(res), JSON.stringify(over)).toMatchObject({ code: BizCode.INVALID_DATA, data: null, message: expect.stringMatching(message) as string });
    }
  });

  it('accepts a lower-case x and empty optional fields', async () => {
    const over = co.name === 'gas' ? {} : { originalMeterCardNo: '', landline: '0818-2345678', agentOrg: '', agentName: '' };
    expect(data<InstallationStatus>(await submit(over)).status).toBe('received');
  });

  it('checks every attachment: size, sha256, type, 5 MB', async () => {
    const good = attachment('id-front', Buffer.from('photo'));
    const cases: [unknown, RegExp][] = [
      [{ ...good, sha256: 'a'.repeat(64) }, /sha256 校验不符/],
      [{ ...good, size: good.size + 1 }, /与声明的 size/],
      [{ ...good, mime: 'application/pdf' }, /JPEG、PNG 或 WebP/],
      [{ ...good, contentBase64: '***' }, /base64/],
      [{ ...good, kind: 'selfie' }, /kind/],
      [{ ...good, size: MAX_ATTACHMENT_BYTES + 1 }, /超过 5 MB/],
    ];
    for (const [bad, message] of cases) {
      const res = await submit({}, [bad, attachment('property')]);
      expect(envelope(res), message.source).toMatchObject({ code: BizCode.INVALID_DATA, message: expect.stringMatching(message) as string });
    }
  });

  it(co.needsAttachments ? 'requires the ID card and the property certificate' : 'accepts an application without attachments', async () => {
    const none = await submit({}, []);
    if (co.needsAttachments) {
      expect(envelope(none)).toMatchObject({ code: BizCode.INVALID_DATA, message: expect.stringContaining('id-front') as string });
      const noProperty = await submit({}, [attachment('id-front'), attachment('id-back')]);
      expect(envelope(noProperty)).toMatchObject({ code: BizCode.INVALID_DATA, message: expect.stringContaining('property') as string });
    } else {
      expect(data<InstallationStatus>(none).status).toBe('received');
    }
  });

  it('takes a body of several megabytes (photos travel base64 inside JSON)', async () => {
    const photo = Buffer.alloc(3 * 1024 * 1024, 7);
    const res = await submit({}, [attachment('id-front', photo, 'image/png'), attachment('property', photo, 'image/webp')]);
    expect(data<InstallationStatus>(res).status).toBe('received');
  });

  it('refuses a malformed body with 1004 and an unknown installNo with 2001', async () => {
    for (const body of [{ form: co.form(), attachments: [] }, { applicationNo: 'x', attachments: [] }, { applicationNo: 'x', form: co.form() }]) {
      const res = await client.write(url, body);
      expect([res.statusCode, envelope(res).code]).toEqual([400, EnvelopeCode.BAD_REQUEST]);
    }
    const missing = await client.get(`${url}/${co.prefix}0000000000`);
    expect(envelope(missing)).toMatchObject({ code: BizCode.NOT_FOUND, data: null });
  });
});

describe('installations of another caller', () => {
  it('are not visible to it, and its applicationNo space is its own', async () => {
    const app = await buildSandbox({ appSecrets: { a: 'secret-a', b: 'secret-b' } });
    try {
      const a = partnerClient(app, { appKey: 'a', secret: 'secret-a' });
      const b = partnerClient(app, { appKey: 'b', secret: 'secret-b' });
      const body = { applicationNo: 'SQ-1', form: utilityForm(), attachments: ID_AND_PROPERTY() };
      const mine = data<InstallationStatus>(await a.write('/v1/water/installations', body));
      expect(envelope(await b.get(`/v1/water/installations/${mine.installNo}`)).code).toBe(BizCode.NOT_FOUND);
      const theirs = data<InstallationStatus>(await b.write('/v1/water/installations', body));
      expect(theirs.installNo).not.toBe(mine.installNo);
    } finally {
      await app.close();
    }
  });
});
