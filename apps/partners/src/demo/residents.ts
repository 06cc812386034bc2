/**
 * The invented population of the sandbox's Dazhou. One roster feeds every sandbox system, so the
 * person who logs in through 统一身份认证 is the same person the 公安人口库 knows and, in later
 * issues, the same holder of a water or gas account.
 *
 * Every ID number is GB 11643 checksum-valid and starts with a real Dazhou region code
 * (GB/T 2260: 511702 通川区, 511703 达川区, 511722 宣汉县, 511723 开江县, 511724 大竹县,
 * 511725 渠县, 511781 万源市); the 17th digit matches the stated sex. The people are invented —
 * any resemblance to a real person is accidental.
 */

export interface Resident {
  name: string;
  idNumber: string;
  sex: '男' | '女';
  /** Mobile number bound to the person's 天府通办 account; absent for people without one. */
  phone?: string;
  district: string;
  /** Stable subject identifier at the provincial identity provider (OIDC `sub`). */
  sub?: string;
  /** Why this person is in the roster: what demo or test they serve. */
  role: string;
  /** Present when the person is the legal representative (法定代表人) of a company. */
  company?: { name: string; creditCode: string };
}

export const RESIDENTS: readonly Resident[] = [
  {
    name: '张三',
    idNumber: '511702199001011231',
    sex: '男',
    phone: '13900000001',
    district: '通川区',
    sub: 'tfst-0001',
    role: '达州分站主演示市民（门户已注册并实名）',
  },
  {
    name: '李四',
    idNumber: '511702199203152438',
    sex: '男',
    phone: '13900000002',
    district: '通川区',
    sub: 'tfst-0002',
    role: '第二位演示市民（用于家属、代办等两人场景）',
  },
  {
    name: '王五',
    idNumber: '511722198506063310',
    sex: '男',
    phone: '13900000003',
    district: '宣汉县',
    sub: 'tfst-0003',
    role: '新用户：有天府通办账号，但从未登录过达州分站',
  },
  {
    name: '赵敏',
    idNumber: '511703198008182465',
    sex: '女',
    phone: '13900000004',
    district: '达川区',
    sub: 'tfst-0004',
    role: '法人用户：企业的法定代表人',
    // GB 32100-2015 valid: 登记管理部门 9 (工商) + 类别 1 (企业) + 511702 + organisation code MA6A0D176.
    company: { name: '达州市通川区示例商贸有限公司', creditCode: '91511702MA6A0D1766' },
  },
  {
    name: '陈秀英',
    idNumber: '511725194805204022',
    sex: '女',
    phone: '13900000005',
    district: '渠县',
    sub: 'tfst-0005',
    role: '老年用户（适老化、长辈模式演示）',
  },
  {
    name: '欧阳建国',
    idNumber: '511781197811116015',
    sex: '男',
    district: '万源市',
    role: '复姓，人口库中有、无天府通办账号',
  },
  {
    name: '吉克·阿呷',
    idNumber: '511723199612304983',
    sex: '女',
    district: '开江县',
    role: '少数民族姓名（含间隔号“·”），人口库中有、无天府通办账号',
  },
  {
    name: '刘小宇',
    idNumber: '511724201510013217',
    sex: '男',
    district: '大竹县',
    role: '未成年人（2015年生），人口库中有、无天府通办账号',
  },
];

/** The residents who hold a 天府通办 account, i.e. can log in through the sandbox IdP. */
export const ACCOUNT_HOLDERS: readonly (Resident & { phone: string; sub: string })[] = RESIDENTS.filter(
  (r): r is Resident & { phone: string; sub: string } => r.phone !== undefined && r.sub !== undefined,
);

export function residentById(idNumber: string): Resident | undefined {
  return RESIDENTS.find((r) => r.idNumber === idNumber);
}

/** 139****0001: the form the provincial pages use to show a phone number on screen. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}

/** 5117**********1231: enough to recognise one's own number, not enough to read it off a screen. */
export function maskIdNumber(idNumber: string): string {
  return idNumber.length === 18 ? `${idNumber.slice(0, 4)}${'*'.repeat(10)}${idNumber.slice(14)}` : idNumber;
}
