import { PASSWORD_MAX, PASSWORD_MIN, validatePassword } from '@dz/contracts';

export interface PasswordRuleState {
  key: string;
  text: string;
  ok: boolean;
}

/**
 * The rules of validatePassword (等保 policy) as a checklist the user sees fill in while typing.
 * validatePassword stays the authority; this only explains it.
 */
export function passwordRuleStates(pw: string, phone?: string): PasswordRuleState[] {
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z\d]/].filter((re) => re.test(pw)).length;
  const rules: PasswordRuleState[] = [
    { key: 'length', text: `${PASSWORD_MIN}–${PASSWORD_MAX} 位`, ok: pw.length >= PASSWORD_MIN && pw.length <= PASSWORD_MAX },
    { key: 'classes', text: '包含大写字母、小写字母、数字、符号中的至少三类', ok: classes >= 3 },
  ];
  if (phone && phone.length >= 11) rules.push({ key: 'phone', text: '不包含手机号', ok: pw.length > 0 && !pw.includes(phone) });
  return rules;
}

/** Element Plus form rule validator around validatePassword. */
export function passwordValidator(getPhone?: () => string | undefined) {
  return (_rule: unknown, value: string, callback: (error?: Error) => void) => {
    const msg = validatePassword(value ?? '', getPhone?.());
    if (msg) callback(new Error(msg));
    else callback();
  };
}
