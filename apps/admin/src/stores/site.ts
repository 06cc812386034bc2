import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { orgApi } from '@/api/org';
import type { SiteNode } from '@/api/types';
import { useSessionStore } from './session';

const STORAGE_KEY = 'dz-admin:site';

/**
 * The site switcher: the subtree of sites the staff member may act on (province → city → county) and
 * the site currently selected in the header, which lists use as their default site filter.
 */
export const useSiteStore = defineStore('site', () => {
  const root = ref<SiteNode | null>(null);
  /** Extra roots, should the server ever answer with a list (a staff member scoped to two counties). */
  const extraRoots = ref<SiteNode[]>([]);
  const currentCode = ref<string | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);

  const tree = computed<SiteNode[]>(() => (root.value ? [root.value, ...extraRoots.value] : []));

  const index = computed(() => {
    const map = new Map<string, SiteNode>();
    const walk = (node: SiteNode) => {
      map.set(node.code, node);
      node.children.forEach(walk);
    };
    tree.value.forEach(walk);
    return map;
  });

  const current = computed(() => (currentCode.value ? index.value.get(currentCode.value) ?? null : null));

  function nodeOf(code: string | null | undefined): SiteNode | null {
    return code ? index.value.get(code) ?? null : null;
  }

  function nameOf(code: string | null | undefined): string {
    if (!code) return '';
    return index.value.get(code)?.name ?? code;
  }

  /** Root-to-node names, e.g. 四川省 / 达州市 / 通川区, for places where the level matters. */
  function pathOf(code: string): string[] {
    const names: string[] = [];
    let node = index.value.get(code);
    while (node) {
      names.unshift(node.name);
      node = node.parentCode ? index.value.get(node.parentCode) : undefined;
    }
    return names;
  }

  function select(code: string): void {
    if (!index.value.has(code)) return;
    currentCode.value = code;
    sessionStorage.setItem(STORAGE_KEY, code);
  }

  async function load(): Promise<void> {
    const session = useSessionStore();
    loading.value = true;
    error.value = null;
    try {
      // API contract: one SiteNode (the subtree root); a list is accepted too.
      const answer: SiteNode | SiteNode[] = await orgApi.sites({ silent: true });
      const roots = Array.isArray(answer) ? answer : [answer];
      root.value = roots[0] ?? null;
      extraRoots.value = roots.slice(1);
    } catch (e) {
      // Without the tree the console still works on the staff member's own site.
      error.value = e instanceof Error ? e.message : '站点加载失败';
      const s = session.staff;
      root.value = s
        ? { code: s.siteCode, name: s.siteName, level: 'city', parentCode: null, lat: null, lng: null, children: [] }
        : null;
    } finally {
      loading.value = false;
    }
    const saved = sessionStorage.getItem(STORAGE_KEY);
    const fallback = root.value?.code ?? null;
    currentCode.value = saved && index.value.has(saved) ? saved : fallback;
  }

  let pending: Promise<void> | null = null;
  /** Loads the tree once per session; the route guard awaits it so pages start with a site selected. */
  function ensureLoaded(): Promise<void> {
    if (root.value) return Promise.resolve();
    pending ??= load().finally(() => {
      pending = null;
    });
    return pending;
  }

  function reset(): void {
    root.value = null;
    extraRoots.value = [];
    currentCode.value = null;
    error.value = null;
    sessionStorage.removeItem(STORAGE_KEY);
  }

  return { root, tree, currentCode, current, loading, error, nodeOf, nameOf, pathOf, select, load, ensureLoaded, reset };
});
