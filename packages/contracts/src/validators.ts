/**
 * Identity validators shared by the server and both front ends, so a form rejects exactly what
 * the API rejects. Each returns `null` when valid, or a Chinese message saying what is wrong.
 */

/** GB/T 2260 province-level prefixes (first two digits of a 居民身份证号). */
const PROVINCE_PREFIXES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64',
  '65', '71', '81', '82', '83', '91',
]);

// GB 11643-1999 §7.2: weights Wi = 2^(17-i) mod 11 and the check-character table.
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK[sum % 11] ?? '';
}

export function validateIdNumber(raw: string, today: Date = new Date()): string | null {
  const v = raw.trim().toUpperCase();
  if (v.length === 0) return '请输入身份证号';
  if (v.length !== 18) return '身份证号应为18位';
  if (!/^\d{17}[\dX]$/.test(v)) return '身份证号前17位应为数字，最后一位为数字或X';
  if (!PROVINCE_PREFIXES.has(v.slice(0, 2))) return '身份证号的地区码不存在，请核对前两位';
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1850 || birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) {
    return '身份证号中的出生日期不是有效日期，请核对第7至14位';
  }
  if (birth.getTime() > today.getTime()) return '身份证号中的出生日期晚于今天，请核对';
  if (idNumberCheckChar(v.slice(0, 17)) !== v[17]) return '身份证号校验位不正确，请核对是否输错';
  return null;
}

// GB 32100-2015: 31-character alphabet (no I, O, Z, S, V) and weights 3^(i) mod 31.
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_ALPHABET.indexOf(first17[i] ?? '') * (CREDIT_WEIGHTS[i] ?? 0);
  return CREDIT_ALPHABET[(31 - (sum % 31)) % 31] ?? '';
}

export function validateCreditCode(raw: string): string | null {
  const v = raw.trim().toUpperCase();
  if (v.length === 0) return '请输入统一社会信用代码';
  if (v.length !== 18) return '统一社会信用代码应为18位';
  for (const ch of v) {
    if (!CREDIT_ALPHABET.includes(ch)) return `统一社会信用代码不能包含字符“${ch}”（不使用 I、O、Z、S、V）`;
  }
  if (creditCodeCheckChar(v.slice(0, 17)) !== v[17]) return '统一社会信用代码校验位不正确，请核对是否输错';
  return null;
}

export const PHONE_PATTERN = '^1[3-9]\\d{9}$';

export function validatePhone(raw: string): string | null {
  const v = raw.trim();
  if (v.length === 0) return '请输入手机号';
  if (!new RegExp(PHONE_PATTERN).test(v)) return '请输入11位中国大陆手机号，以1开头';
  return null;
}

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 64;

export type PasswordRuleKey = 'length' | 'classes' | 'phone' | 'username';

/** One rule of the password policy, judged for one password: the checklist line and the error. */
export interface PasswordRuleCheck {
  key: PasswordRuleKey;
  /** The checklist line the user reads while typing (console 改密/新增人员, H5 注册/改密). */
  label: string;
  ok: boolean;
  /** What validatePassword answers when this is the first rule broken. */
  message: string;
}

/**
 * 等保 password policy (GB/T 22239-2019 8.1.4.1 身份鉴别: 口令具有复杂度要求): 8–64 characters, 3 of
 * 4 character classes, not containing the phone number nor (staff accounts) the username.
 * Every rule is listed, in the order validatePassword reports them, so the checklists the front
 * ends draw from this cannot drift from what the server refuses.
 * The phone and username rules are listed when the caller passes the key (a string, even empty):
 * staff accounts have both rules, citizens only the phone one. An empty value (a phone only the
 * server sees) lists the rule without failing it; the server, which knows the value, still refuses.
 */
export function passwordRuleChecks(pw: string, context: { phone?: string | undefined; username?: string | undefined } = {}): PasswordRuleCheck[] {
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z\d]/].filter((re) => re.test(pw)).length;
  const phone = context.phone?.trim() ?? '';
  const username = context.username?.trim().toLowerCase() ?? '';
  const hasPhone = phone.length >= 11 && pw.includes(phone);
  // Usernames are stored lower-cased; "Admin@2026" contains "admin" as far as a guesser is concerned.
  const hasUsername = username.length > 0 && pw.toLowerCase().includes(username);
  const rules: PasswordRuleCheck[] = [
    {
      key: 'length',
      label: `${PASSWORD_MIN}–${PASSWORD_MAX} 位`,
      ok: pw.length >= PASSWORD_MIN && pw.length <= PASSWORD_MAX,
      message: pw.length < PASSWORD_MIN ? `密码至少${PASSWORD_MIN}位` : `密码不能超过${PASSWORD_MAX}位`,
    },
    { key: 'classes', label: '包含大写字母、小写字母、数字、符号中的至少三类', ok: classes >= 3, message: '密码需包含大写字母、小写字母、数字、符号中的至少三类' },
  ];
  // An empty password "contains" nothing, but a tick before anything is typed would mislead.
  if (context.phone !== undefined) rules.push({ key: 'phone', label: '不能包含手机号', ok: pw.length > 0 && !hasPhone, message: '密码不能包含手机号' });
  if (context.username !== undefined) rules.push({ key: 'username', label: '不能包含用户名', ok: pw.length > 0 && !hasUsername, message: '密码不能包含用户名' });
  return rules;
}

/** The policy above as the server applies it: the first rule broken, or null. */
export function validatePassword(pw: string, phone?: string, username?: string): string | null {
  return passwordRuleChecks(pw, { phone, username }).find((r) => !r.ok)?.message ?? null;
}

export function validateSmsCode(raw: string): string | null {
  if (!/^\d{6}$/.test(raw.trim())) return '请输入6位数字短信验证码';
  return null;
}

/** 138****0001 */
export function maskPhone(phone: string): string {
  return phone.length >= 11 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** 511702**********12 — region code kept, birth date hidden (GB/T 35273 去标识化). */
export function maskIdNumber(id: string): string {
  return id.length >= 18 ? `${id.slice(0, 6)}${'*'.repeat(10)}${id.slice(-2)}` : '****';
}

/** 张* / 欧阳** — the surname stays so a user recognises their own record. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/**
 * 达州市通川区朝阳东路**** — the street stays, the house number goes: enough for a citizen to
 * recognise an account, not enough to find a stranger's door from a guessed account number.
 */
export function maskAddress(address: string): string {
  const chars = [...address.trim()];
  if (chars.length <= 6) return chars.join('');
  const firstDigit = chars.findIndex((c) => /[0-9０-９]/.test(c));
  const keep = firstDigit >= 4 ? firstDigit : Math.ceil(chars.length / 2);
  return `${chars.slice(0, keep).join('')}****`;
}

export function maskCreditCode(code: string): string {
  return code.length >= 18 ? `${code.slice(0, 4)}**********${code.slice(-4)}` : '****';
}
