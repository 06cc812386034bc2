import { onMounted, ref } from 'vue';
import { STORAGE_KEYS, readJson, removeKey, writeJson } from '../../utils/storage';

/** Where 附近线路 looks from: the device's position, or a place the citizen chose instead. */
export type NearbyOrigin = { kind: 'gps'; lat: number; lng: number } | { kind: 'place'; name: string; lat: number; lng: number };

/**
 * intro: the explanation and the two choices, before any browser prompt;
 * locating: waiting for the browser; ready: an origin; choose: picking a place (with `message`
 * saying why, when the position could not be used).
 */
export type OriginStatus = 'intro' | 'locating' | 'ready' | 'choose';

/** 达州市's extent (its seven counties), generously: a position outside has no stops near it. */
const DAZHOU_BOX = { south: 30.6, north: 32.3, west: 106.6, east: 108.6 };
export function inDazhou(lat: number, lng: number): boolean {
  return lat >= DAZHOU_BOX.south && lat <= DAZHOU_BOX.north && lng >= DAZHOU_BOX.west && lng <= DAZHOU_BOX.east;
}

const MESSAGES = {
  unsupported: '当前浏览器不支持定位，请选择一个地点查看附近线路',
  denied: '未获得定位权限，请选择一个地点查看附近线路；如需使用定位，请在系统设置中允许本应用获取位置',
  failed: '暂时无法获取您的位置，请选择一个地点查看附近线路，或稍后重试定位',
  outside: '您当前不在达州市范围内，附近没有本市的公交站点，请选择一个达州的地点',
} as const;

type Position = { ok: true; lat: number; lng: number } | { ok: false; why: 'unsupported' | 'denied' | 'failed' };

/** The browser's position, bounded in time so a prompt left unanswered never keeps the page waiting. */
function position(): Promise<Position> {
  if (typeof navigator === 'undefined' || !('geolocation' in navigator)) return Promise.resolve({ ok: false, why: 'unsupported' });
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (pos) => resolve({ ok: true, lat: pos.coords.latitude, lng: pos.coords.longitude }),
      (err) => resolve({ ok: false, why: err.code === err.PERMISSION_DENIED ? 'denied' : 'failed' }),
      { enableHighAccuracy: false, timeout: 10_000, maximumAge: 60_000 },
    );
  });
}

/** True when the browser already allows the position (no prompt would appear). */
async function alreadyGranted(): Promise<boolean> {
  try {
    if (!navigator.permissions?.query) return false;
    return (await navigator.permissions.query({ name: 'geolocation' })).state === 'granted';
  } catch {
    return false;
  }
}

type Stored = { kind: 'gps' } | { kind: 'place'; name: string; lat: number; lng: number };

function isStored(v: unknown): v is Stored {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  if (o.kind === 'gps') return true;
  return o.kind === 'place' && typeof o.name === 'string' && typeof o.lat === 'number' && typeof o.lng === 'number' && inDazhou(o.lat, o.lng);
}

/**
 * 附近线路's origin. The position is asked for once, only after the page has said why (or at once
 * when the browser already allows it); refused, unavailable or outside 达州 → choosing a place,
 * with the reason. The choice (position or place) is kept for the session (sessionStorage), so
 * coming back to the page does not ask again; the browser itself remembers its permission.
 */
export function useNearbyOrigin() {
  const status = ref<OriginStatus>('intro');
  const origin = ref<NearbyOrigin | null>(null);
  const message = ref('');

  async function locate(): Promise<void> {
    status.value = 'locating';
    message.value = '';
    const r = await position();
    if (!r.ok) {
      message.value = MESSAGES[r.why];
      status.value = 'choose';
      return;
    }
    if (!inDazhou(r.lat, r.lng)) {
      message.value = MESSAGES.outside;
      status.value = 'choose';
      return;
    }
    origin.value = { kind: 'gps', lat: r.lat, lng: r.lng };
    writeJson(STORAGE_KEYS.transitOrigin, { kind: 'gps' }, sessionStorage);
    status.value = 'ready';
  }

  function choosePlace(place: { name: string; lat: number; lng: number }): void {
    origin.value = { kind: 'place', name: place.name, lat: place.lat, lng: place.lng };
    writeJson(STORAGE_KEYS.transitOrigin, { kind: 'place', ...place }, sessionStorage);
    message.value = '';
    status.value = 'ready';
  }

  /** 换个地点 */
  function change(): void {
    status.value = 'choose';
    message.value = '';
  }

  /** Back to the question (a chosen place forgotten). */
  function forget(): void {
    removeKey(STORAGE_KEYS.transitOrigin, sessionStorage);
    origin.value = null;
    status.value = 'intro';
  }

  onMounted(async () => {
    const stored = readJson<unknown>(STORAGE_KEYS.transitOrigin, null, sessionStorage);
    if (isStored(stored)) {
      if (stored.kind === 'place') {
        origin.value = { kind: 'place', name: stored.name, lat: stored.lat, lng: stored.lng };
        status.value = 'ready';
      } else await locate();
      return;
    }
    if (await alreadyGranted()) await locate();
  });

  return { status, origin, message, locate, choosePlace, change, forget };
}
