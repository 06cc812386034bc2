import { computed, ref, shallowRef, watch } from 'vue';
import { pagesApi, isKnownBlock, type Channel, type ChannelPage, type PageBlock, type TitleBarBlock } from '../api/pages';
import { errorMessage } from '../api/client';
import { useSiteStore } from '../stores/site';
import { useRecordVisit } from './useVisit';
import { STORAGE_KEYS, readJson, writeJson } from '../utils/storage';

const cacheKey = (channel: Channel, site: string) => `${STORAGE_KEYS.pagePrefix}${channel}.${site}`;

/** Requests started before the page's own code arrived (main.ts), taken once by useChannelPage. */
const early = new Map<string, Promise<ChannelPage>>();

/**
 * Starts loading a channel's page while the route's code is still on its way (main.ts calls it
 * for the URL being opened): the page request and the route chunk then travel in parallel
 * instead of one after the other.
 */
export function prefetchChannelPage(channel: Channel, site: string): void {
  const key = cacheKey(channel, site);
  if (early.has(key)) return;
  const request = pagesApi.get(channel, site);
  request.catch(() => undefined); // its user reports the error; never an unhandled rejection
  early.set(key, request);
}

function fetchPage(channel: Channel, site: string): Promise<ChannelPage> {
  const key = cacheKey(channel, site);
  const request = early.get(key);
  early.delete(key);
  return request ?? pagesApi.get(channel, site);
}

/**
 * Every block gets a unique id: ids become element ids (headings) and render keys, and a
 * hand-edited configuration may repeat or omit them.
 */
function normalise(raw: unknown): { id: string; type: string }[] {
  if (!Array.isArray(raw)) return [];
  const seen = new Set<string>();
  return raw
    .filter((b): b is { id?: unknown; type: string } => typeof b === 'object' && b !== null && typeof (b as { type?: unknown }).type === 'string')
    .map((b, i) => {
      let id = typeof b.id === 'string' || typeof b.id === 'number' ? String(b.id) : `b${i}`;
      if (seen.has(id)) id = `${id}-${i}`;
      seen.add(id);
      return { ...b, id };
    });
}

/**
 * A channel's page as the console configured it for the current site: loaded on first use and
 * again whenever the citizen switches site. Unknown block types are dropped here, so a newer
 * server never breaks an older app. The title bar is taken out of the block order because it is
 * the page's <header>, outside <main>.
 *
 * The last page of each (channel, site) is kept in localStorage and drawn at once while the
 * fresh one loads: a returning citizen sees the real blocks in the first frame, and the fresh
 * copy — almost always the same — replaces them without moving anything.
 */
export function useChannelPage(channel: Channel) {
  const site = useSiteStore();
  const record = useRecordVisit();
  const page = shallowRef<ChannelPage | null>(null);
  const loading = ref(true);
  const error = ref('');
  let generation = 0;

  const blocks = computed<PageBlock[]>(() => (page.value?.blocks ?? []).filter(isKnownBlock));
  const titleBar = computed<TitleBarBlock | null>(() => (blocks.value.find((b) => b.type === 'titleBar') as TitleBarBlock | undefined) ?? null);
  const bodyBlocks = computed(() => blocks.value.filter((b) => b.type !== 'titleBar'));

  async function load(): Promise<void> {
    const gen = ++generation;
    const code = site.current.code;
    loading.value = true;
    error.value = '';
    const cached = readJson<ChannelPage | null>(cacheKey(channel, code), null);
    page.value = cached && typeof cached === 'object' && cached.site === code ? { ...cached, blocks: normalise(cached.blocks) } : null;
    try {
      const res = await fetchPage(channel, code);
      if (gen !== generation) return;
      page.value = { ...res, blocks: normalise(res?.blocks) };
      writeJson(cacheKey(channel, code), res);
      record('page', channel);
    } catch (e) {
      if (gen !== generation) return;
      error.value = errorMessage(e);
    } finally {
      if (gen === generation) loading.value = false;
    }
  }

  watch(() => site.current.code, () => void load(), { immediate: true });

  return { page, blocks, titleBar, bodyBlocks, loading, error, reload: load };
}
