import { onBeforeUnmount, onMounted, ref, shallowRef } from 'vue';
import { errorMessage } from '../../api/client';

/**
 * A read that stays fresh while the citizen looks at it (附近线路, 站点, 线路): loaded at once, then
 * again every `intervalMs` while the page is visible (Page Visibility: nothing is fetched in a
 * background tab, and coming back refreshes at once when the data is stale). A refresh keeps the
 * data on screen until the new answer replaces it, so nothing jumps; a failed refresh leaves the
 * last answer with a note rather than an error page. A newer load wins over an older one.
 */
export function useLiveData<T>(fetch: (signal: AbortSignal) => Promise<T>, intervalMs = 20_000) {
  const data = shallowRef<T | null>(null);
  /** true until the first answer (or error) */
  const loading = ref(false);
  /** a refresh under way while data is shown */
  const refreshing = ref(false);
  /** the first load failed: the page shows it with 重试 */
  const error = ref('');
  /** a refresh failed: the last answer stays, with this note */
  const staleNote = ref('');
  let lastAt = 0;
  let timer: number | undefined;
  let controller: AbortController | null = null;
  // false once the page is gone: no timer may outlive it.
  let active = true;
  let paused = false;

  async function load(): Promise<void> {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    const first = data.value === null;
    if (first) {
      loading.value = true;
      error.value = '';
    } else refreshing.value = true;
    try {
      const res = await fetch(mine.signal);
      if (controller !== mine) return;
      data.value = res;
      staleNote.value = '';
      error.value = '';
      lastAt = Date.now();
    } catch (e) {
      if (controller !== mine || (e instanceof DOMException && e.name === 'AbortError')) return;
      if (data.value === null) error.value = errorMessage(e);
      else staleNote.value = `刷新未成功：${errorMessage(e)}`;
    } finally {
      if (controller === mine) {
        loading.value = false;
        refreshing.value = false;
        controller = null;
      }
    }
  }

  function schedule(): void {
    window.clearTimeout(timer);
    if (!active || paused || document.visibilityState !== 'visible') return;
    timer = window.setTimeout(() => void tick(), intervalMs);
  }

  async function tick(): Promise<void> {
    await load();
    schedule();
  }

  function onVisibility(): void {
    if (document.visibilityState !== 'visible') {
      window.clearTimeout(timer);
      return;
    }
    // Nothing loaded yet (附近线路 waits for a place) or paused: the page has not asked, so neither do we.
    if (lastAt === 0 || paused) return;
    if (Date.now() - lastAt >= intervalMs) void tick();
    else schedule();
  }

  /** Loads now (first load, 重试, 刷新, or the query changed) and restarts the 20 s clock. */
  function reload(reset = false): void {
    if (reset) data.value = null;
    paused = false;
    void tick();
  }

  /** Stops refreshing while the list is not on screen (附近线路 while a place is being chosen). */
  function pause(): void {
    paused = true;
    window.clearTimeout(timer);
    controller?.abort();
  }

  onMounted(() => {
    document.addEventListener('visibilitychange', onVisibility);
  });
  onBeforeUnmount(() => {
    active = false;
    window.clearTimeout(timer);
    controller?.abort();
    document.removeEventListener('visibilitychange', onVisibility);
  });

  return { data, loading, refreshing, error, staleNote, reload, pause };
}
