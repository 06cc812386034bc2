import { computed, ref, shallowRef } from 'vue';
import type { LicencesResponse } from '@dz/contracts';
import { licencesApi, LICENCE_ERRORS } from '../../api/licences';
import { ApiError, errorMessage } from '../../api/client';

/**
 * The login's licences as the pages of 我的证照 read them: loading, the server's error in words,
 * and 实名认证 first (the licences are matched by ID number) as its own state with its own prompt.
 */
export function useLicences() {
  const data = shallowRef<LicencesResponse | null>(null);
  const loading = ref(true);
  const error = ref('');
  const realName = ref('');

  async function load(): Promise<void> {
    loading.value = true;
    error.value = '';
    realName.value = '';
    try {
      data.value = await licencesApi.list();
    } catch (e) {
      if (e instanceof ApiError && e.status === 403 && (e.code === LICENCE_ERRORS.REALNAME_REQUIRED || /REAL_?NAME/.test(e.code))) realName.value = e.message;
      else error.value = errorMessage(e);
    } finally {
      loading.value = false;
    }
  }

  const items = computed(() => data.value?.items ?? []);
  return { data, items, loading, error, realName, load };
}
