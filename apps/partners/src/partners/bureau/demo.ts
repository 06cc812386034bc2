/**
 * Deterministic demo data for the bureau systems: every value is derived from an SM3 hash of the
 * input (an ID number, a plate…), so the same person always gets the same 参保单位, the same
 * property records, the same violations, and tests can rely on it without a seeded database.
 * The places are real Dazhou streets and institutions; the people, companies and numbers are
 * invented, and every answer says so (数据来源：沙箱演示数据).
 */
import { createHash } from 'node:crypto';
import type { BureauRow } from '@dz/partner-protocol';

export const DEMO_SOURCE: BureauRow = { label: '数据来源', value: '达州政务沙箱演示数据（非真实信息）' };

export const DISTRICTS = [
  { code: '511702', name: '通川区' },
  { code: '511703', name: '达川区' },
  { code: '511722', name: '宣汉县' },
  { code: '511723', name: '开江县' },
  { code: '511724', name: '大竹县' },
  { code: '511725', name: '渠县' },
  { code: '511781', name: '万源市' },
] as const;

/** Streets of Dazhou, by district, for addresses (坐落, 户籍地址, 违章地点). */
export const STREETS: Record<string, readonly string[]> = {
  通川区: ['朝阳东路', '朝阳西路', '凤凰大道', '通川北路', '荷叶街', '金龙大道', '华蜀北路', '西外镇健民路'],
  达川区: ['南外镇翠屏路', '三里坪街道长田坝路', '南外镇长兴路', '翠屏街道达川大道', '杨柳街道'],
  宣汉县: ['东乡街道东环路', '蜀宣花园大道', '解放街'],
  开江县: ['新宁镇淙城大道', '新宁镇新华街'],
  大竹县: ['竹阳街道白塔街', '东湖大道'],
  渠县: ['渠江街道人民路', '天星街道渠州大道'],
  万源市: ['太平镇红旗路', '古东关街道万源大道'],
};

const COMPANY_WORDS = ['川东', '巴山', '凤凰', '明月', '莲湖', '翠屏', '通川', '宕渠', '州河', '塔沱'];
const COMPANY_TRADES = ['建筑工程', '商贸', '食品', '物流', '电子科技', '农业开发', '医药', '餐饮管理'];

/** A stream of numbers derived from a seed: the same seed gives the same answers. */
export class Demo {
  private readonly digest: Buffer;

  constructor(readonly seed: string) {
    this.digest = createHash('sm3').update(seed).digest();
  }

  /** An integer in [min, max], stable per (seed, salt). */
  int(min: number, max: number, salt = 0): number {
    const d = salt === 0 ? this.digest : createHash('sm3').update(`${this.seed}#${salt}`).digest();
    return min + (d.readUInt32BE(0) % (max - min + 1));
  }

  pick<T>(list: readonly T[], salt = 0): T {
    return list[this.int(0, list.length - 1, salt)]!;
  }

  /** A string of `n` digits. */
  digits(n: number, salt = 0): string {
    let out = '';
    for (let i = 0; out.length < n; i++) out += String(this.int(0, 999_999_999, salt * 100 + i + 1)).padStart(9, '0');
    return out.slice(0, n);
  }

  /** 'YYYY-MM-DD' between the given years (inclusive), days 1–28 so every month has it. */
  date(fromYear: number, toYear: number, salt = 0): string {
    const y = this.int(fromYear, toYear, salt);
    const m = this.int(1, 12, salt + 1);
    const d = this.int(1, 28, salt + 2);
    return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }

  district(salt = 0): (typeof DISTRICTS)[number] {
    return this.pick(DISTRICTS, salt);
  }

  /** '达州市通川区朝阳东路123号' with a stable house number. */
  address(salt = 0, district?: string): string {
    const name = district ?? this.district(salt).name;
    return `达州市${name}${this.pick(STREETS[name] ?? STREETS['通川区']!, salt + 3)}${this.int(1, 399, salt + 4)}号`;
  }

  company(salt = 0): string {
    return `达州市${this.pick(COMPANY_WORDS, salt)}${this.pick(COMPANY_TRADES, salt + 1)}有限公司`;
  }
}

/** The district a Dazhou ID number was issued in, or the city's for other IDs. */
export function districtOfId(idNumber: string): string {
  return DISTRICTS.find((d) => idNumber.startsWith(d.code))?.name ?? '通川区';
}

/** '5117**********1231': a bureau never sends a full ID number back. */
export function maskId(idNumber: string): string {
  return `${idNumber.slice(0, 4)}${'*'.repeat(idNumber.length - 8)}${idNumber.slice(-4)}`;
}

/** '张*', '欧阳**': the bureau's own masking of a name. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : chars[0] + '*'.repeat(chars.length - 1);
}

/** Beijing calendar date of an instant, 'YYYY-MM-DD'. */
export function beijingDay(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}
