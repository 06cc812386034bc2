import { ref, shallowRef } from 'vue';
import { HousingErrorCodes } from '@dz/contracts';
import { ApiError, errorMessage } from '../../api/client';

/**
 * One read of a 不动产 / 公积金 page: loading, the server's Chinese error with 重试 (the registry
 * down says so), 实名认证 first on 403 REALNAME_REQUIRED (the bureaus are read by the login's ID
 * number), and `notFound` for a 404 the page explains in its own words (未查询到公积金账户). A newer
 * load wins over an older one still running.
 */
export function useHousingRemote<T>(fetch: () => Promise<T>) {
  const data = shallowRef<T | null>(null);
  const loading = ref(true);
  const error = ref('');
  const realName = ref('');
  const notFound = ref('');
  let generation = 0;

  async function load(): Promise<void> {
    const gen = ++generation;
    loading.value = true;
    error.value = '';
    notFound.value = '';
    try {
      const res = await fetch();
      if (gen === generation) data.value = res;
    } catch (e) {
      if (gen !== generation) return;
      if (e instanceof ApiError && e.code === HousingErrorCodes.REALNAME_REQUIRED) realName.value = e.message;
      else if (e instanceof ApiError && e.status === 404) notFound.value = e.message;
      else error.value = errorMessage(e);
    } finally {
      if (gen === generation) loading.value = false;
    }
  }

  return { data, loading, error, realName, notFound, load };
}
