/**
 * The 不动产登记簿 of the sandbox: who in a household owns which house, derived deterministically
 * from the ID number (bureau/demo.ts Demo), so the registry answers the same family and the same
 * houses every time without a database. 房屋查询, 无房证明, 权属证明, the certificate QR check and
 * the 电子证照 platform's 不动产权证书 all read this one generator.
 *
 * About a third of the ID numbers the registry does not have on file give a household without any
 * house (无房 is common). The demo citizen (张三) is written out by hand: a 住宅 he owns with his
 * wife (mortgaged) and a 车库, his wife 李梅's own flat, and their son with none.
 */
import { createHash } from 'node:crypto';
import type { RegistryHouse, RegistryPerson } from '@dz/partner-protocol';
import { RESIDENTS } from '../../demo/residents.js';
import { idCheckChar } from '../../lib/id-number.js';
import { DISTRICTS, Demo } from '../bureau/demo.js';

/** The demo citizen of every issue (residents.ts) and his family as the registry knows them. */
export const DEMO_CITIZEN_ID = '511702199001011231';
export const DEMO_SPOUSE = { name: '李梅', idNumber: withCheck('51170219910520302') };
export const DEMO_CHILD = { name: '张小雨', idNumber: withCheck('51170220160815301') };

/** 街道 (or 镇) and the roads in it, per district: real places of 达州; the numbers are invented. */
const PLACES: Record<string, readonly { street: string; roads: readonly string[] }[]> = {
  通川区: [
    { street: '东城街道', roads: ['朝阳中路', '通川中路'] },
    { street: '西城街道', roads: ['西外大道', '通川北路'] },
    { street: '朝阳街道', roads: ['朝阳东路', '朝阳中路'] },
    { street: '北外街道', roads: ['华蜀北路', '金龙大道'] },
  ],
  达川区: [
    { street: '三里坪街道', roads: ['长田坝路', '达川大道'] },
    { street: '翠屏街道', roads: ['南外大道', '翠屏路'] },
  ],
  宣汉县: [{ street: '东乡街道', roads: ['东环路', '解放街'] }],
  开江县: [{ street: '新宁镇', roads: ['淙城大道', '新华街'] }],
  大竹县: [{ street: '竹阳街道', roads: ['白塔街', '东湖大道'] }],
  渠县: [
    { street: '渠江街道', roads: ['人民路'] },
    { street: '天星街道', roads: ['渠州大道'] },
  ],
  万源市: [
    { street: '太平镇', roads: ['红旗路'] },
    { street: '古东关街道', roads: ['万源大道'] },
  ],
};

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '罗', '唐', '邓'];
const GIVEN_MALE = ['建华', '志强', '伟', '磊', '军', '勇', '明', '涛', '浩然', '宇航', '俊杰', '文斌'];
const GIVEN_FEMALE = ['秀英', '丽', '敏', '静', '娟', '芳', '婷', '雪梅', '晓燕', '欣怡', '佳琪', '雨涵'];
const USES = ['住宅', '住宅', '住宅', '住宅', '商业', '车库'] as const;
const HOUSE_TYPES = ['商品房', '商品房', '商品房', '商品房', '安置房', '房改房'] as const;

function withCheck(first17: string): string {
  return first17 + idCheckChar(first17);
}

function district(code: string): { code: string; name: string } {
  return DISTRICTS.find((d) => d.code === code) ?? DISTRICTS[0];
}

/** Two decimals from hundredths, so buildingArea = interiorArea + sharedArea holds exactly as printed. */
function m2(hundredths: number): number {
  return hundredths / 100;
}

/** The certificate's id in the registry (on the QR): DZ + the certificate's year and serial. */
export function certIdOf(certNo: string): string {
  const m = /^川（(\d{4})）.+第(\d{7})号$/.exec(certNo);
  if (m) return `DZ${m[1]}${m[2]}`;
  // A certificate number of another shape (a test's pinned household): still one stable id.
  return `DZH${createHash('sm3').update(certNo).digest('hex').slice(0, 12).toUpperCase()}`;
}

interface HouseFacts {
  districtCode: string;
  street: string;
  road: string;
  doorNo: number;
  usage: string;
  houseType: string;
  building: string;
  unit: string;
  floor: string;
  room: string;
  interior: number;
  shared: number;
  owners: string[];
  mortgaged: boolean;
  sealed: boolean;
  registeredAt: string;
  serial: string;
  cadastre: string;
  parcel: string;
}

function houseOf(f: HouseFacts): RegistryHouse {
  const d = district(f.districtCode);
  const doorNo = `${f.road}${f.doorNo}号`;
  const place =
    f.usage === '车库'
      ? `${f.building}栋负${f.floor.replace('-', '')}层${f.room}号车位`
      : f.usage === '商业'
        ? `${f.building}栋${f.floor}层${f.room}号`
        : `${f.building}栋${f.unit}单元${f.room}号`;
  // 定着物单元号: the 栋 (4 digits) and the unit's place in it (4 digits), 'F' for 房屋.
  const unitSeq = f.room.replace(/\D/g, '').padStart(4, '0').slice(-4);
  return {
    unitNo: `${f.districtCode}${f.cadastre}GB${f.parcel}F${f.building.padStart(4, '0')}${unitSeq}`,
    certNo: `川（${f.registeredAt.slice(0, 4)}）达州市不动产权第${f.serial}号`,
    district: d.name,
    districtCode: d.code,
    street: f.street,
    doorNo,
    building: f.building,
    unit: f.unit,
    floor: f.floor,
    room: f.room,
    location: `达州市${d.name}${doorNo}${place}`,
    houseType: f.houseType,
    usage: f.usage,
    buildingArea: m2(f.interior + f.shared),
    interiorArea: m2(f.interior),
    sharedArea: m2(f.shared),
    owners: f.owners,
    ownership: f.owners.length > 1 ? '共同共有' : '单独所有',
    mortgaged: f.mortgaged,
    sealed: f.sealed,
    registeredAt: f.registeredAt,
  };
}

/** The demo citizen's 住宅, as on his current certificate (re-issued in 2023 when 李梅 was added). */
export const DEMO_HOME_FACTS: HouseFacts = {
  districtCode: '511702',
  street: '东城街道',
  road: '朝阳中路',
  doorNo: 168,
  usage: '住宅',
  houseType: '商品房',
  building: '3',
  unit: '2',
  floor: '12',
  room: '1202',
  interior: 9218,
  shared: 2018,
  owners: ['张三', '李梅'],
  mortgaged: true,
  sealed: false,
  registeredAt: '2023-06-15',
  serial: '0036852',
  cadastre: '003012',
  parcel: '00168',
};

function demoHousehold(): RegistryPerson[] {
  const garage: HouseFacts = { ...DEMO_HOME_FACTS, usage: '车库', building: '3', unit: '', floor: '-1', room: 'B086', interior: 2480, shared: 572, owners: ['张三'], mortgaged: false, serial: '0036853' };
  const wife: HouseFacts = {
    districtCode: '511703',
    street: '三里坪街道',
    road: '长田坝路',
    doorNo: 88,
    usage: '住宅',
    houseType: '商品房',
    building: '7',
    unit: '1',
    floor: '5',
    room: '502',
    interior: 6420,
    shared: 1444,
    owners: ['李梅'],
    mortgaged: false,
    sealed: false,
    registeredAt: '2016-09-08',
    serial: '0017436',
    cadastre: '002007',
    parcel: '00088',
  };
  return [
    { relation: 'self', name: '张三', idNumber: DEMO_CITIZEN_ID, houses: [houseOf(DEMO_HOME_FACTS), houseOf(garage)] },
    { relation: 'spouse', name: DEMO_SPOUSE.name, idNumber: DEMO_SPOUSE.idNumber, houses: [houseOf(wife)] },
    { relation: 'child', name: DEMO_CHILD.name, idNumber: DEMO_CHILD.idNumber, houses: [] },
  ];
}

/** The demo citizen's 住宅 under its certificate before 2023 (注销 on re-issue): the revoked demo. */
export const DEMO_REVOKED = {
  house: houseOf({ ...DEMO_HOME_FACTS, owners: ['张三'], mortgaged: false, registeredAt: '2018-04-20', serial: '0021475' }),
  revokedAt: '2023-06-15',
  reason: '因变更登记（增加共有人）换发新证，原证书作废',
};

function generatedName(demo: Demo, male: boolean, salt: number): string {
  return demo.pick(SURNAMES, salt) + demo.pick(male ? GIVEN_MALE : GIVEN_FEMALE, salt + 1);
}

/** A checksum-valid ID number of a Dazhou district for someone born on that day. */
function generatedId(demo: Demo, birth: string, male: boolean, salt: number): string {
  const code = demo.district(salt).code;
  const seq = demo.int(10, 99, salt + 1) * 10 + (male ? demo.pick([1, 3, 5, 7, 9], salt + 2) : demo.pick([0, 2, 4, 6, 8], salt + 2));
  return withCheck(`${code}${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`);
}

function generatedHouse(demo: Demo, salt: number, owners: string[], districtCode: string): RegistryHouse {
  const d = district(districtCode);
  const place = demo.pick(PLACES[d.name] ?? PLACES['通川区']!, salt);
  const usage = demo.pick(USES, salt + 1);
  const year = demo.int(2006, 2025, salt + 2);
  const registeredAt = `${year}-${String(demo.int(1, 12, salt + 3)).padStart(2, '0')}-${String(demo.int(1, 28, salt + 4)).padStart(2, '0')}`;
  const building = String(demo.int(1, 18, salt + 5));
  const floorNo = demo.int(2, 26, salt + 6);
  // 住宅 45–140 ㎡ 套内 with a 12–22 % 公摊; a 门面 smaller with less 公摊; a 车位 12–30 ㎡.
  const interior = usage === '车库' ? demo.int(1200, 3000, salt + 7) : usage === '商业' ? demo.int(2500, 9000, salt + 7) : demo.int(4500, 14000, salt + 7);
  const shared = Math.round((interior * demo.int(usage === '住宅' ? 12 : 8, usage === '住宅' ? 22 : 15, salt + 8)) / 100);
  const unit = usage === '住宅' ? String(demo.int(1, 3, salt + 9)) : '';
  const floor = usage === '车库' ? '-1' : usage === '商业' ? '1' : String(floorNo);
  const room = usage === '车库' ? `B${String(demo.int(1, 320, salt + 10)).padStart(3, '0')}` : usage === '商业' ? `10${demo.int(1, 9, salt + 10)}` : `${floorNo}0${demo.int(1, 4, salt + 10)}`;
  return houseOf({
    districtCode: d.code,
    street: place.street,
    road: demo.pick(place.roads, salt + 11),
    doorNo: demo.int(1, 399, salt + 12),
    usage,
    houseType: usage === '住宅' ? demo.pick(HOUSE_TYPES, salt + 13) : '商品房',
    building,
    unit,
    floor,
    room,
    interior,
    shared,
    owners,
    mortgaged: usage === '住宅' && year >= 2012 && demo.int(0, 1, salt + 14) === 1,
    sealed: demo.int(0, 29, salt + 15) === 0,
    registeredAt,
    serial: demo.digits(7, salt + 16),
    cadastre: `${demo.digits(3, salt + 17)}${demo.digits(3, salt + 18)}`,
    parcel: demo.digits(5, salt + 19),
  });
}

/**
 * The household on the registry for this ID number: the person first ('self'), then 配偶 and
 * 未成年子女 when the registry links them. `now` decides who is still a minor.
 */
export function generatedHousehold(idNumber: string, now: number): RegistryPerson[] {
  if (idNumber === DEMO_CITIZEN_ID) return demoHousehold();
  const demo = new Demo(`real-estate|household|${idNumber}`);
  const male = Number(idNumber[16]) % 2 === 1;
  const birthYear = Number(idNumber.slice(6, 10));
  const thisYear = new Date(now + 8 * 3_600_000).getUTCFullYear();
  const age = thisYear - birthYear;
  const selfName = RESIDENTS.find((r) => r.idNumber === idNumber)?.name ?? generatedName(demo, male, 1);
  const people: RegistryPerson[] = [{ relation: 'self', name: selfName, idNumber, houses: [] }];

  if (age >= 24 && demo.int(0, 9, 10) < 7) {
    const spouseBirth = `${birthYear + demo.int(-3, 3, 11)}-${String(demo.int(1, 12, 12)).padStart(2, '0')}-${String(demo.int(1, 28, 13)).padStart(2, '0')}`;
    people.push({ relation: 'spouse', name: generatedName(demo, !male, 14), idNumber: generatedId(demo, spouseBirth, !male, 16), houses: [] });
    // A child still under 18, born when the parent was at least 23.
    const from = Math.max(birthYear + 23, thisYear - 17);
    if (from <= thisYear - 1 && demo.int(0, 9, 20) < 7) {
      const childMale = demo.int(0, 1, 21) === 1;
      const childBirth = `${demo.int(from, thisYear - 1, 22)}-${String(demo.int(1, 12, 23)).padStart(2, '0')}-${String(demo.int(1, 28, 24)).padStart(2, '0')}`;
      const surname = [...selfName][0]!;
      people.push({ relation: 'child', name: surname + demo.pick(childMale ? GIVEN_MALE : GIVEN_FEMALE, 25), idNumber: generatedId(demo, childBirth, childMale, 26), houses: [] });
    }
  }

  // One household in three owns nothing anywhere in 达州 (无房).
  if (demo.int(0, 2, 30) === 0) return people;
  const home = DISTRICTS.some((d) => idNumber.startsWith(d.code)) ? idNumber.slice(0, 6) : '511702';
  const self = people[0]!;
  const spouse = people.find((p) => p.relation === 'spouse');
  let selfCount = demo.int(0, 2, 31);
  const spouseCount = spouse ? demo.int(0, 1, 32) : 0;
  if (selfCount + spouseCount === 0) selfCount = 1;
  for (let i = 0; i < selfCount; i++) {
    // A married couple's first home is often 共同共有: listed once, under the person asking.
    const joint = spouse !== undefined && i === 0 && demo.int(0, 1, 33) === 1;
    self.houses.push(generatedHouse(demo, 100 + i * 40, joint ? [self.name, spouse.name] : [self.name], i === 0 ? home : demo.district(34 + i).code));
  }
  if (spouse && spouseCount > 0) spouse.houses.push(generatedHouse(demo, 300, [spouse.name], demo.district(35).code));
  return people;
}
