import { nextTick, reactive, ref, watch } from 'vue';
import { ApiError, errorMessage } from '../api/client';

/** Error codes that belong to one field even when the server sends no `fields` map. */
const CODE_TO_FIELD: Record<string, string> = {
  PHONE_TAKEN: 'phone',
  ACCOUNT_NOT_FOUND: 'phone',
  USERNAME_TAKEN: 'username',
  EMAIL_TAKEN: 'email',
  SMS_CODE_INVALID: 'smsCode',
  SMS_CODE_EXPIRED: 'smsCode',
  INVALID_SMS_CODE: 'smsCode',
};

/**
 * Server answers mapped onto the form: `fields` (400 VALIDATION_FAILED) and single-field codes go
 * under their field, anything else becomes the form-level message. A field's server message
 * disappears as soon as the citizen edits that field.
 */
export function useFormErrors<T extends object>(model: T, rename: Record<string, string> = {}) {
  const fields = reactive<Record<string, string>>({});
  const form = ref('');

  watch(
    () => ({ ...model }) as Record<string, unknown>,
    (now, before) => {
      for (const k of Object.keys(now)) if (now[k] !== before[k]) delete fields[k];
      if (Object.keys(now).some((k) => now[k] !== before[k])) form.value = '';
    },
  );

  function clear(): void {
    for (const k of Object.keys(fields)) delete fields[k];
    form.value = '';
  }

  /** Shows the error; returns true when at least one field got a message. */
  function apply(err: unknown): boolean {
    clear();
    if (!(err instanceof ApiError)) {
      form.value = errorMessage(err);
      return false;
    }
    let any = false;
    for (const [k, msg] of Object.entries(err.fields)) {
      const key = rename[k] ?? k;
      if (key in model) {
        fields[key] = msg;
        any = true;
      }
    }
    const byCode = CODE_TO_FIELD[err.code];
    if (!any && byCode && byCode in model) {
      fields[byCode] = err.message;
      any = true;
    }
    if (!any) form.value = err.message;
    else if (err.code !== 'VALIDATION_FAILED' && !Object.values(fields).includes(err.message)) form.value = err.message;
    if (any) void focusFirst();
    return any;
  }

  async function focusFirst(): Promise<void> {
    await nextTick();
    const first = Object.keys(fields)[0];
    if (first) document.querySelector<HTMLInputElement>(`input[name="${first}"]`)?.focus();
  }

  return { fields, form, apply, clear };
}
