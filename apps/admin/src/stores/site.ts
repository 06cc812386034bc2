import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { orgApi } from '@/api/org';
import type { SiteNode } from '@/api/types';
import { useSessionStore } from './session';

/**
 * The chosen site is remembered per staff member in localStorage, so a new tab or a restarted
 * browser opens where the staff member left off, and a colleague logging in on the same computer
 * starts from their own default. (A server-side preference would follow the staff member to other
 * computers too; it would need a table and an endpoint for a convenience, so not for now.)
 */
const STORAGE_PREFIX = 'dz-admin:site:';
/**
 * 达州市. The super admin and any other province-level staff are scoped at 四川省, where the city's
 * pages, zones, apps, items and news are not, so they start on the city this console serves.
 */
const HOME_CITY = '511700';

function storageKey(staffId: number): string {
  return `${STORAGE_PREFIX}${staffId}`;
}

/** localStorage may be missing or refuse (storage disabled, quota); the choice is then not kept. */
function readChoice(staffId: number): string | null {
  try {
    return localStorage.getItem(storageKey(staffId));
  } catch {
    return null;
  }
}

function writeChoice(staffId: number, code: string | null): void {
  try {
    if (code) localStorage.setItem(storageKey(staffId), code);
    else localStorage.removeItem(storageKey(staffId));
  } catch {
    // Not remembered; the current tab still uses the choice.
  }
}

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
  /** Whose tree this is: another staff member logging in on the same tab gets their own. */
  const loadedFor = ref<number | null>(null);

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
    if (loadedFor.value !== null) writeChoice(loadedFor.value, code);
  }

  /** The staff member's own site, except that province-level staff start on 达州市 (see HOME_CITY). */
  function defaultCode(ownSite: string | null): string | null {
    const own = nodeOf(ownSite);
    if (own?.level === 'province' && index.value.has(HOME_CITY)) return HOME_CITY;
    return own?.code ?? root.value?.code ?? null;
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
    const staff = session.staff;
    loadedFor.value = staff?.id ?? null;
    const saved = staff ? readChoice(staff.id) : null;
    // A remembered site outside today's tree (scope narrowed, site removed) is not acted on.
    if (saved && index.value.has(saved)) {
      currentCode.value = saved;
    } else {
      currentCode.value = defaultCode(staff?.siteCode ?? null);
      // Forgotten only when the tree really answered; a failed load says nothing about the scope.
      if (saved && staff && !error.value) writeChoice(staff.id, null);
    }
  }

  let pending: Promise<void> | null = null;
  /** Loads the tree once per session; the route guard awaits it so pages start with a site selected. */
  function ensureLoaded(): Promise<void> {
    if (root.value && loadedFor.value === (useSessionStore().staff?.id ?? null)) return Promise.resolve();
    pending ??= load().finally(() => {
      pending = null;
    });
    return pending;
  }

  /** On logout: forgets the tree; the remembered choice stays for this staff member's next login. */
  function reset(): void {
    root.value = null;
    extraRoots.value = [];
    currentCode.value = null;
    error.value = null;
    loadedFor.value = null;
  }

  return { root, tree, currentCode, current, loading, error, nodeOf, nameOf, pathOf, select, load, ensureLoaded, reset };
});
