import { computed, ref } from 'vue';
import type { PageResult } from '@/api/types';
import { useLoader } from './useLoader';

export interface PageQuery {
  page: number;
  pageSize: number;
}

/**
 * Server-side pagination state for a table: the fetcher receives page and pageSize and the caller's
 * current filters, and answers `{ items, total }` (the contracts' list responses need not echo the
 * page). Loading, errors and dropping answers that arrive after a newer request started come from
 * useLoader, so quickly changing filters cannot leave an older page on screen.
 */
export function usePagedList<T>(fetcher: (q: PageQuery) => Promise<Pick<PageResult<T>, 'items' | 'total'>>, initialPageSize = 20) {
  const page = ref(1);
  const pageSize = ref(initialPageSize);
  const loader = useLoader<Pick<PageResult<T>, 'items' | 'total'>>(() => fetcher({ page: page.value, pageSize: pageSize.value }), { items: [], total: 0 });
  const items = computed<T[]>({
    get: () => loader.data.value.items,
    // A view may replace rows in place (a refunded order, a renamed app).
    set: (rows) => (loader.data.value = { ...loader.data.value, items: rows }),
  });
  const total = computed(() => loader.data.value.total);

  async function load(): Promise<void> {
    await loader.load();
    const r = loader.data.value;
    // A deletion can leave the current page empty; step back instead of showing nothing.
    if (!loader.error.value && r.items.length === 0 && r.total > 0 && page.value > 1) {
      page.value = Math.max(1, Math.ceil(r.total / pageSize.value));
      await loader.load();
    }
  }

  /** New filters: back to page 1. */
  function search(): Promise<void> {
    page.value = 1;
    return load();
  }

  function onPageChange(p: number): void {
    page.value = p;
    void load();
  }

  function onSizeChange(size: number): void {
    pageSize.value = size;
    page.value = 1;
    void load();
  }

  return { items, total, page, pageSize, loading: loader.loading, error: loader.error, load, search, onPageChange, onSizeChange };
}
