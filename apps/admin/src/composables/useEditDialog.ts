import { reactive } from 'vue';
import { ApiError } from '@/api/request';
import { confirmAction } from '@/utils/confirm';

/**
 * What every console edit dialog needs besides its fields: the server's field messages (shown
 * under each field until the next attempt) and a guard against losing typed work — closing a
 * dialog whose form differs from what was loaded or last saved asks first.
 *
 * `what` names the thing in the question (“常见问题有尚未保存的内容…”).
 */
export function useEditDialog(form: object, what: string) {
  const serverErrors = reactive<Record<string, string>>({});
  let clean = '';

  const clearServerErrors = () => {
    for (const k of Object.keys(serverErrors)) delete serverErrors[k];
  };
  /** The form as it is now counts as saved (after loading or saving); `dirty: true` makes a prefilled draft count as unsaved. */
  const markClean = (opts: { dirty?: boolean } = {}) => {
    clean = opts.dirty ? '' : JSON.stringify(form);
  };
  /** Runs `request`; a 400's field messages land in serverErrors (the request helper already showed the message). */
  async function submit<T>(request: () => Promise<T>): Promise<T | null> {
    clearServerErrors();
    try {
      const saved = await request();
      markClean();
      return saved;
    } catch (e) {
      if (e instanceof ApiError) Object.assign(serverErrors, e.fields);
      return null;
    }
  }
  /** el-dialog's before-close. */
  async function beforeClose(done: () => void): Promise<void> {
    if (JSON.stringify(form) === clean) return done();
    const ok = await confirmAction({ title: '放弃修改', message: `${what}有尚未保存的内容，关闭后将丢失。确定关闭吗？`, confirmText: '放弃修改', danger: true });
    if (ok) done();
  }
  return { serverErrors, clearServerErrors, markClean, submit, beforeClose };
}
