import { ref, shallowRef, type Ref } from 'vue';

/**
 * Loading state for data that is not paged (a site's partner systems, one reconciliation's details):
 * `data`, `loading` and `error` for the table's empty slot. Like usePagedList, an answer that arrives
 * after a newer request started is dropped, so switching site quickly cannot show the old site's rows.
 */
export function useLoader<T>(fetcher: () => Promise<T>, initial: T) {
  const data = shallowRef<T>(initial) as Ref<T>;
  const loading = ref(false);
  const error = ref<string | null>(null);
  let seq = 0;

  async function load(): Promise<void> {
    const mine = ++seq;
    loading.value = true;
    error.value = null;
    try {
      const r = await fetcher();
      if (mine === seq) data.value = r;
    } catch (e) {
      if (mine !== seq) return;
      error.value = e instanceof Error ? e.message : '加载失败';
      data.value = initial;
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  return { data, loading, error, load };
}
