import { ref, shallowRef } from 'vue';
import { MedicalErrorCodes } from '@dz/contracts';
import { ApiError, errorMessage } from '../../api/client';

/**
 * One read of a medical page: loading, the Chinese error with 重试, and 实名认证 first when the
 * server answers 403 REALNAME_REQUIRED (挂号 and 检验报告 are matched by the citizen's identity),
 * shown as <RealNameNotice> instead of an error. A newer load wins over an older one still running.
 */
export function useRemote<T>(fetch: () => Promise<T>) {
  const data = shallowRef<T | null>(null);
  const loading = ref(true);
  const error = ref('');
  const realName = ref('');
  let generation = 0;

  async function load(): Promise<void> {
    const gen = ++generation;
    loading.value = true;
    error.value = '';
    try {
      const res = await fetch();
      if (gen === generation) data.value = res;
    } catch (e) {
      if (gen !== generation) return;
      if (e instanceof ApiError && e.code === MedicalErrorCodes.REALNAME_REQUIRED) realName.value = e.message;
      else error.value = errorMessage(e);
    } finally {
      if (gen === generation) loading.value = false;
    }
  }

  return { data, loading, error, realName, load };
}
