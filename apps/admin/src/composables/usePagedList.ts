import { ref, shallowRef, type Ref } from 'vue';
import type { PageResult } from '@/api/types';

export interface PageQuery {
  page: number;
  pageSize: number;
}

/**
 * Server-side pagination state for a table: the fetcher receives page and pageSize and the caller's
 * current filters, and answers `{ items, total }` (the contracts' list responses need not echo the page). Responses that arrive after a newer request started are dropped, so quickly
 * changing filters cannot leave an older page on screen.
 */
export function usePagedList<T>(fetcher: (q: PageQuery) => Promise<Pick<PageResult<T>, 'items' | 'total'>>, initialPageSize = 20) {
  const items = shallowRef<T[]>([]) as Ref<T[]>;
  const total = ref(0);
  const page = ref(1);
  const pageSize = ref(initialPageSize);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let seq = 0;

  async function load(): Promise<void> {
    const mine = ++seq;
    loading.value = true;
    error.value = null;
    try {
      const r = await fetcher({ page: page.value, pageSize: pageSize.value });
      if (mine !== seq) return;
      items.value = r.items;
      total.value = r.total;
      // A deletion can leave the current page empty; step back instead of showing nothing.
      if (r.items.length === 0 && r.total > 0 && page.value > 1) {
        page.value = Math.max(1, Math.ceil(r.total / pageSize.value));
        await load();
      }
    } catch (e) {
      if (mine !== seq) return;
      error.value = e instanceof Error ? e.message : '加载失败';
      items.value = [];
      total.value = 0;
    } finally {
      if (mine === seq) loading.value = false;
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

  return { items, total, page, pageSize, loading, error, load, search, onPageChange, onSizeChange };
}
