/**
 * Everything the app keeps in the browser, in one registry, so 设置 → 清除缓存 can say exactly
 * what it removed and can keep the choices a citizen made on purpose (长辈版, 站点) and the
 * device id. All keys start with `dz.`; nothing outside this file invents a key.
 */
export const STORAGE_KEYS = {
  elderMode: 'dz.elderMode',
  site: 'dz.site',
  geoAsked: 'dz.geoAsked',
  siteTree: 'dz.cache.siteTree',
  /**
   * Prefix of the last published 首页 / 办事 / 便民 of a site (`dz.cache.page.<channel>.<site>`):
   * drawn at once on the next opening while the fresh one loads, so the screen does not jump
   * (issue 9). Published content only — the pages API carries nothing personal.
   */
  pagePrefix: 'dz.cache.page.',
  /**
   * Random id of this browser (x-device-id): the server keeps an anonymous visitor's search
   * history and counts unique visitors by it. Not a cache — clearing it would orphan the
   * history the citizen sees and count them twice.
   */
  deviceId: 'dz.deviceId',
  /**
   * Prefix of the local copy of a form being filled (`dz.draft.form.<code>.<userId>`, see
   * useFormDraft): personal data typed on this device, so 清除缓存 removes it like a cache.
   */
  formDraftPrefix: 'dz.draft.form.',
  /** 附近线路's origin for this session (sessionStorage): 'gps', or the place chosen instead. */
  transitOrigin: 'dz.transit.origin',
} as const;

/** Keys 清除缓存 must keep: they are settings or identity, not caches. */
const KEPT = new Set<string>([STORAGE_KEYS.elderMode, STORAGE_KEYS.site, STORAGE_KEYS.deviceId]);

/** What a citizen reads in the toast after clearing. */
const LABELS: Record<string, string> = {
  [STORAGE_KEYS.geoAsked]: '定位记录',
  [STORAGE_KEYS.siteTree]: '站点列表缓存',
  [STORAGE_KEYS.transitOrigin]: '附近线路的地点',
  // Search history now lives on the server; an old local copy may still be around.
  'dz.searchHistory': '旧版搜索历史',
};

/** The name of a key under one of the registry's prefixes. */
function prefixLabel(key: string): string {
  if (key.startsWith(STORAGE_KEYS.pagePrefix)) return '页面缓存';
  if (key.startsWith(STORAGE_KEYS.formDraftPrefix)) return '未提交的表单草稿';
  return '其他缓存';
}

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    // Private mode or a full quota must not break a page; the app then simply forgets.
    return fallback;
  }
}

export function readJson<T>(key: string, fallback: T, store: Storage = localStorage): T {
  return safe(() => {
    const raw = store.getItem(key);
    return raw == null ? fallback : (JSON.parse(raw) as T);
  }, fallback);
}

export function writeJson(key: string, value: unknown, store: Storage = localStorage): void {
  safe(() => store.setItem(key, JSON.stringify(value)), undefined);
}

export function removeKey(key: string, store: Storage = localStorage): void {
  safe(() => store.removeItem(key), undefined);
}

/**
 * Removes the app's caches from localStorage and sessionStorage, keeping the elder-mode and
 * site choices. Returns the human names of what was removed (deduplicated).
 */
export function clearCaches(): string[] {
  const removed = new Set<string>();
  for (const store of [localStorage, sessionStorage]) {
    const keys = safe(() => Array.from({ length: store.length }, (_, i) => store.key(i) ?? ''), [] as string[]);
    for (const key of keys) {
      if (!key.startsWith('dz.') || KEPT.has(key)) continue;
      removeKey(key, store);
      removed.add(LABELS[key] ?? prefixLabel(key));
    }
  }
  return [...removed];
}
