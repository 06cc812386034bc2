/** Turns Ajv's English validation errors into one Chinese message per field. */
import type { FastifySchemaValidationError } from 'fastify';

const FIELD_NAMES: Record<string, string> = {
  phone: '手机号',
  smsCode: '短信验证码',
  password: '密码',
  newPassword: '新密码',
  oldPassword: '原密码',
  name: '姓名',
  idNumber: '身份证号',
  corpName: '企业名称',
  creditCode: '统一社会信用代码',
  legalName: '法定代表人姓名',
  legalIdNumber: '法定代表人身份证号',
  username: '用户名',
  account: '账号',
  email: '邮箱',
  purpose: '用途',
  otp: '动态验证码',
  displayName: '姓名',
  siteCode: '站点',
  roleIds: '角色',
};

/** The Chinese label of a request field key; other guards (e.g. the control-character check) name fields with it too. */
export function fieldLabel(key: string): string {
  return FIELD_NAMES[key] ?? '请求内容';
}

function fieldOf(e: FastifySchemaValidationError): string {
  const missing = (e.params as { missingProperty?: string }).missingProperty;
  if (missing) return missing;
  const parts = e.instancePath.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? '';
}

function describe(e: FastifySchemaValidationError, label: string): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `请填写${label}`;
    case 'pattern':
    case 'format':
      return `${label}格式不正确`;
    case 'minLength':
      return `${label}不能少于${String(p.limit)}个字符`;
    case 'maxLength':
      return `${label}不能超过${String(p.limit)}个字符`;
    case 'type':
      return `${label}类型不正确`;
    case 'enum':
    case 'const':
    case 'anyOf':
      return `${label}取值不正确`;
    case 'minimum':
    case 'maximum':
      return `${label}超出允许范围`;
    case 'additionalProperties':
      return `不支持的字段：${String(p.additionalProperty)}`;
    default:
      return `${label}不正确`;
  }
}

export function toChinese(errors: FastifySchemaValidationError[]): { message: string; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  for (const e of errors) {
    const f = fieldOf(e);
    const label = FIELD_NAMES[f] ?? (f || '请求内容');
    if (!fields[f || '_']) fields[f || '_'] = describe(e, label);
  }
  const list = Object.values(fields);
  return { message: list.length ? `${list.join('；')}` : '请求内容不正确，请检查后重试', fields };
}
