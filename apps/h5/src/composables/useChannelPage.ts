import { computed, ref, shallowRef, watch } from 'vue';
import { pagesApi, isKnownBlock, type Channel, type ChannelPage, type PageBlock, type TitleBarBlock } from '../api/pages';
import { errorMessage } from '../api/client';
import { useSiteStore } from '../stores/site';
import { useRecordVisit } from './useVisit';

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
    loading.value = true;
    error.value = '';
    try {
      const res = await pagesApi.get(channel, site.current.code);
      if (gen !== generation) return;
      page.value = { ...res, blocks: normalise(res?.blocks) };
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
