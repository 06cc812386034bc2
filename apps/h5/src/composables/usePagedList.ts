import { ref, shallowRef } from 'vue';
import { errorMessage } from '../api/client';
import type { Paged } from '../api/affairs';

/**
 * A server-paged list for Vant <van-list>: the first page shows a skeleton / error with 重试 /
 * empty state (AsyncState), later pages load as the citizen scrolls, and a failed later page
 * shows Vant's tap-to-retry line. `reset()` starts over (another site or filter); `refresh()`
 * reloads page 1 without blanking the list (pull-to-refresh). <PagedList> shows it.
 */
export function usePagedList<T>(fetchPage: (page: number, pageSize: number) => Promise<Pick<Paged<T>, 'items' | 'total'>>, pageSize = 20) {
  const items = shallowRef<T[]>([]);
  const total = ref(0);
  const page = ref(0);
  const loading = ref(false);
  const finished = ref(false);
  const error = ref(false);
  const firstLoading = ref(true);
  const firstError = ref('');
  let generation = 0;

  async function load(): Promise<void> {
    const gen = generation;
    loading.value = true;
    const next = page.value + 1;
    try {
      const res = await fetchPage(next, pageSize);
      if (gen !== generation) return;
      const list = Array.isArray(res?.items) ? res.items : [];
      items.value = next === 1 ? list : [...items.value, ...list];
      total.value = typeof res?.total === 'number' ? res.total : items.value.length;
      page.value = next;
      finished.value = list.length === 0 || items.value.length >= total.value;
      error.value = false;
      firstError.value = '';
    } catch (e) {
      if (gen !== generation) return;
      if (next === 1) firstError.value = errorMessage(e);
      else error.value = true;
    } finally {
      if (gen === generation) {
        loading.value = false;
        firstLoading.value = false;
      }
    }
  }

  function reset(): Promise<void> {
    generation += 1;
    items.value = [];
    total.value = 0;
    page.value = 0;
    finished.value = false;
    error.value = false;
    firstError.value = '';
    firstLoading.value = true;
    loading.value = false;
    return load();
  }

  /** Pull-to-refresh: page 1 again, keeping what is shown until the answer replaces it. */
  function refresh(): Promise<void> {
    generation += 1;
    page.value = 0;
    finished.value = false;
    error.value = false;
    loading.value = false;
    return load();
  }

  return { items, total, loading, finished, error, firstLoading, firstError, load, reset, refresh };
}
