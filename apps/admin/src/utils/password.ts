import { passwordRuleChecks, validatePassword, type PasswordRuleCheck } from '@dz/contracts';

export type PasswordRuleState = PasswordRuleCheck;

/**
 * The rules of validatePassword (等保 policy) as a checklist the user sees fill in while typing.
 * Both come from one list in @dz/contracts, which the server applies too, so the checklist shows
 * every rule the server enforces — 不能包含用户名 included — and cannot drift from it. A staff
 * account always has the phone rule (the server knows the phone even when the form does not).
 */
export function passwordRuleStates(pw: string, username: string, phone?: string): PasswordRuleState[] {
  return passwordRuleChecks(pw, { phone: phone ?? '', username });
}

/** Element Plus form rule validator around validatePassword. */
export function passwordValidator(getUsername: () => string | undefined, getPhone?: () => string | undefined) {
  return (_rule: unknown, value: string, callback: (error?: Error) => void) => {
    const msg = validatePassword(value ?? '', getPhone?.(), getUsername());
    if (msg) callback(new Error(msg));
    else callback();
  };
}
