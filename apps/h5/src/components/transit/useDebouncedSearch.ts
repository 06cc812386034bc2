import { onScopeDispose, ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import type { PlaceView } from '@dz/contracts';
import { transitApi } from '../../api/transit';
import { errorMessage } from '../../api/client';

/** What a search box over the transit API shows: the words, the answer and its state. */
export interface DebouncedSearch<T> {
  /** the words in the box */
  q: Ref<string>;
  /** the last answer */
  items: ShallowRef<T[]>;
  /** the words that answer is for ('' before any, or once the box is emptied) */
  searched: Ref<string>;
  loading: Ref<boolean>;
  error: Ref<string>;
  /** searches now (回车, 搜索, 清除, 重试, a shortcut) */
  search: () => Promise<void>;
  /** searches once typing pauses */
  typed: () => void;
}

/**
 * A search box's state (线路查询, 附近线路's place search, 路线规划's place picker): typing searches
 * `delayMs` after the last key, 回车 / 搜索 / 清除 at once; the words are trimmed and cut to 30
 * characters (the boxes' maxlength), an empty box clears the answer, a newer search aborts and
 * wins over an older one, and nothing is left running once the component is gone.
 */
export function useDebouncedSearch<T>(find: (words: string, signal: AbortSignal) => Promise<T[]>, delayMs = 300): DebouncedSearch<T> {
  const q = ref('');
  const items = shallowRef<T[]>([]);
  const searched = ref('');
  const loading = ref(false);
  const error = ref('');
  let controller: AbortController | null = null;
  let debounce: number | undefined;

  async function search(): Promise<void> {
    window.clearTimeout(debounce);
    controller?.abort();
    const words = q.value.trim().slice(0, 30);
    if (!words) {
      items.value = [];
      searched.value = '';
      error.value = '';
      loading.value = false;
      return;
    }
    const mine = new AbortController();
    controller = mine;
    loading.value = true;
    error.value = '';
    try {
      const found = await find(words, mine.signal);
      if (controller !== mine) return;
      items.value = found;
      searched.value = words;
    } catch (e) {
      if (controller === mine && !(e instanceof DOMException && e.name === 'AbortError')) error.value = errorMessage(e);
    } finally {
      if (controller === mine) loading.value = false;
    }
  }

  function typed(): void {
    window.clearTimeout(debounce);
    debounce = window.setTimeout(() => void search(), delayMs);
  }

  onScopeDispose(() => {
    window.clearTimeout(debounce);
    controller?.abort();
  });

  return { q, items, searched, loading, error, search, typed };
}

/** Stops and landmarks by name, pinyin or initials (/api/transit/places) — both place pickers. */
export function usePlaceSearch(site: () => string | undefined): DebouncedSearch<PlaceView> {
  return useDebouncedSearch((words, signal) => transitApi.places(words, site(), signal).then((res) => res.items));
}
