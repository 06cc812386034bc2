import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvelopeCode } from '@dz/partner-protocol';
import { buildSandbox, type Sandbox } from '../../app.js';
import { RESIDENTS } from '../../demo/residents.js';
import { idCheckChar, isChecksumValid } from '../../lib/id-number.js';
import { envelope, signedInject } from '../../test/helpers.js';
import { identityMatches } from './rules.js';

const VERIFY = '/v1/identity/verify';
// Not on the roster, checksum-valid (通川区, born 2000-01-01).
const NEW_ID = `51170220000101123${idCheckChar('51170220000101123')}`;

describe('demo roster', () => {
  it('holds checksum-valid Dazhou ID numbers whose 17th digit matches the sex', () => {
    expect(RESIDENTS.length).toBeGreaterThanOrEqual(8);
    for (const r of RESIDENTS) {
      expect(isChecksumValid(r.idNumber), r.name).toBe(true);
      expect(r.idNumber.startsWith('5117'), r.name).toBe(true);
      expect(Number(r.idNumber[16]) % 2 === 1 ? '男' : '女', r.name).toBe(r.sex);
    }
    expect(new Set(RESIDENTS.map((r) => r.idNumber)).size).toBe(RESIDENTS.length);
    expect(RESIDENTS.find((r) => r.idNumber === '511702199001011231')).toMatchObject({ name: '张三', phone: '13900000001' });
    expect(RESIDENTS.find((r) => r.name === '李四')?.phone).toBe('13900000002');
    expect(RESIDENTS.some((r) => r.company)).toBe(true);
  });
});

describe('matching rule', () => {
  it('matches a roster ID only with the roster name', () => {
    expect(identityMatches('张三', '511702199001011231')).toBe(true);
    expect(identityMatches('李四', '511702199001011231')).toBe(false);
    expect(identityMatches('吉克·阿呷', '511723199612304983')).toBe(true);
  });
  it('matches an unknown ID when checksum-valid and the name is 2–20 Chinese characters', () => {
    expect(identityMatches('孙六', NEW_ID)).toBe(true);
    expect(identityMatches('买买提·艾力', NEW_ID)).toBe(true);
    expect(identityMatches('孙', NEW_ID)).toBe(false);
    expect(identityMatches('一二三四五六七八九十一二三四五六七八九十一', NEW_ID)).toBe(false);
    expect(identityMatches('Sun Liu', NEW_ID)).toBe(false);
    expect(identityMatches('孙·', NEW_ID)).toBe(false);
    const badCheck = NEW_ID.slice(0, 17) + (NEW_ID[17] === '0' ? '1' : '0');
    expect(identityMatches('孙六', badCheck)).toBe(false);
  });
  it('never matches a name containing 不一致', () => {
    expect(identityMatches('张不一致', NEW_ID)).toBe(false);
    expect(identityMatches('不一致', '511702199001011231')).toBe(false);
  });
});

describe('POST /v1/identity/verify', () => {
  let app: Sandbox;
  beforeAll(async () => {
    app = await buildSandbox();
  });
  afterAll(async () => app.close());

  const verify = (body: unknown) => signedInject(app, { url: VERIFY, body });

  it('answers match:true for 张三 and match:false for a wrong name', async () => {
    const yes = await verify({ name: '张三', idNumber: '511702199001011231' });
    expect(yes.statusCode).toBe(200);
    expect(envelope(yes)).toEqual({ code: '0000', message: 'ok', data: { match: true } });
    const no = await verify({ name: '王五', idNumber: '511702199001011231' });
    expect(envelope(no)).toEqual({ code: '0000', message: 'ok', data: { match: false } });
  });

  it('accepts a lower-case x check character and surrounding spaces', async () => {
    const id = `51170219920315242${idCheckChar('51170219920315242')}`;
    expect(id.endsWith('X')).toBe(true);
    const res = await verify({ name: ' 周七 ', idNumber: id.toLowerCase() });
    expect(envelope(res).data).toEqual({ match: true });
  });

  it('forces a mismatch with 不一致', async () => {
    const res = await verify({ name: '测试不一致', idNumber: NEW_ID });
    expect(envelope(res).data).toEqual({ match: false });
  });

  it('refuses malformed input with HTTP 400 and code 1004', async () => {
    for (const body of [{}, { name: '张三' }, { name: '', idNumber: NEW_ID }, { name: '张三', idNumber: '5117021990' }, { name: 1, idNumber: NEW_ID }, [1, 2]]) {
      const res = await verify(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(envelope(res)).toMatchObject({ code: EnvelopeCode.BAD_REQUEST, data: null });
    }
  });
});
