import { computed, ref, shallowRef, watch } from 'vue';
import { useRoute } from 'vue-router';
import { ApiError, errorMessage } from '../api/client';

/**
 * The loading half of a 办件详情 page (an engine case or an installation): the id from the route, the
 * detail, a 404/403 as 没有找到 rather than an error, and an answer for an id the citizen has since
 * left dropped, so going from one case to another never shows the first one's data.
 * `onLoaded` runs with each fresh detail; `onReset` when the id changes (the page's own messages).
 */
export function useCaseDetail<T>(fetch: (id: number) => Promise<T>, hooks: { onLoaded?: (detail: T) => void; onReset?: () => void } = {}) {
  const route = useRoute();
  const id = computed(() => Number(route.params.id));
  const detail = shallowRef<T | null>(null);
  const loading = ref(true);
  const error = ref('');
  const notFound = ref(false);

  async function load(): Promise<void> {
    const wanted = id.value;
    loading.value = true;
    error.value = '';
    notFound.value = false;
    try {
      const res = await fetch(wanted);
      if (wanted !== id.value) return;
      detail.value = res;
      hooks.onLoaded?.(res);
    } catch (e) {
      if (wanted !== id.value) return;
      if (e instanceof ApiError && (e.status === 404 || e.status === 403)) notFound.value = true;
      else error.value = errorMessage(e);
    } finally {
      if (wanted === id.value) loading.value = false;
    }
  }
  watch(
    id,
    () => {
      detail.value = null;
      hooks.onReset?.();
      void load();
    },
    { immediate: true },
  );

  return { id, detail, loading, error, notFound, load };
}
