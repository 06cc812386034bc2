import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { SiteNode } from '@dz/contracts';
import { sitesApi, type SiteRef } from '../api/sites';
import { errorMessage } from '../api/client';
import { STORAGE_KEYS, readJson, writeJson } from '../utils/storage';

/** 达州市 is the station this app is for: the answer when nothing better is known. */
export const DEFAULT_SITE: SiteRef = { code: '511700', name: '达州市' };

export type LocateResult = 'located' | 'denied' | 'unsupported' | 'failed';

function isSiteRef(v: unknown): v is SiteRef {
  return typeof v === 'object' && v !== null && typeof (v as SiteRef).code === 'string' && typeof (v as SiteRef).name === 'string';
}

/** Browser position, bounded in time so a silent permission prompt never blocks the app. */
function currentPosition(): Promise<GeolocationPosition> {
  return new Promise((resolve, reject) => {
    navigator.geolocation.getCurrentPosition(resolve, reject, { enableHighAccuracy: false, timeout: 10000, maximumAge: 10 * 60 * 1000 });
  });
}

export const useSiteStore = defineStore('site', () => {
  const stored = readJson<unknown>(STORAGE_KEYS.site, null);
  const current = ref<SiteRef>(isSiteRef(stored) ? { code: stored.code, name: stored.name } : DEFAULT_SITE);
  const locating = ref(false);

  const tree = ref<SiteNode | null>(readJson<SiteNode | null>(STORAGE_KEYS.siteTree, null, sessionStorage));
  const treeLoading = ref(false);
  const treeError = ref('');

  function choose(site: SiteRef): void {
    current.value = { code: site.code, name: site.name };
    writeJson(STORAGE_KEYS.site, current.value);
  }

  async function loadTree(force = false): Promise<void> {
    if (tree.value && !force) return;
    treeLoading.value = true;
    treeError.value = '';
    try {
      tree.value = await sitesApi.tree();
      writeJson(STORAGE_KEYS.siteTree, tree.value, sessionStorage);
    } catch (e) {
      treeError.value = errorMessage(e);
    } finally {
      treeLoading.value = false;
    }
  }

  /** Asks the browser where we are and picks the nearest site (GET /api/sites/locate). */
  async function locate(): Promise<LocateResult> {
    if (!('geolocation' in navigator)) return 'unsupported';
    locating.value = true;
    try {
      const pos = await currentPosition();
      const site = await sitesApi.locate(Number(pos.coords.latitude.toFixed(5)), Number(pos.coords.longitude.toFixed(5)));
      choose(site);
      return 'located';
    } catch (e) {
      const denied = typeof GeolocationPositionError !== 'undefined' && e instanceof GeolocationPositionError && e.code === e.PERMISSION_DENIED;
      return denied ? 'denied' : 'failed';
    } finally {
      locating.value = false;
    }
  }

  /**
   * First visit only: try the position; otherwise the last choice stays, else 达州市.
   * The flag is set before asking so a declined prompt is not repeated on every visit.
   */
  function locateOnFirstVisit(): void {
    if (readJson<boolean>(STORAGE_KEYS.geoAsked, false)) return;
    writeJson(STORAGE_KEYS.geoAsked, true);
    void locate();
  }

  return { current, locating, tree, treeLoading, treeError, choose, loadTree, locate, locateOnFirstVisit };
});
