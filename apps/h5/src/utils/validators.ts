/**
 * Checks for fields the contracts package has no validator for; limits mirror the TypeBox
 * schemas in packages/contracts/src/auth.ts so the server accepts what passes here.
 */
const USERNAME = /^[A-Za-z][A-Za-z0-9_]{3,19}$/;
// Same shape the server's `format: email` accepts in practice: one @, a dot in the domain.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateName(raw: string, label = '姓名'): string | null {
  const v = raw.trim();
  if (!v) return `请输入${label}`;
  if ([...v].length < 2 || [...v].length > 30) return `${label}应为2至30个字`;
  return null;
}

export function validateCorpName(raw: string): string | null {
  const v = raw.trim();
  if (!v) return '请输入公司名称';
  if ([...v].length < 2 || [...v].length > 100) return '公司名称应为2至100个字';
  return null;
}

export function validateUsername(raw: string): string | null {
  const v = raw.trim();
  if (!v) return '请输入用户名';
  if (!USERNAME.test(v)) return '用户名以字母开头，4至20位，只能包含字母、数字和下划线';
  return null;
}

export function validateEmail(raw: string): string | null {
  const v = raw.trim();
  if (!v) return '请输入邮箱';
  if (v.length > 100 || !EMAIL.test(v)) return '请输入正确的邮箱地址，例如 name@example.com';
  return null;
}
