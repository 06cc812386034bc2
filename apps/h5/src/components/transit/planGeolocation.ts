/**
 * The browser's position for 路线规划 (我的位置) and 充电桩 (sort by distance). The page explains
 * why before the browser's prompt appears, and asks only when the citizen taps the button: the
 * browser itself remembers the answer, so "asked once" needs no storage of ours. A position the
 * browser already granted is used without a tap, and one it refused is not asked again (`geoPermission`).
 */
export type GeoOutcome = { ok: true; lat: number; lng: number } | { ok: false; message: string };

/**
 * Asks for the position; a failure says what happened and, in `instead`, what the page still
 * offers (搜索地点 in 路线规划, the list in its default order in 充电桩).
 */
export function askPosition(instead: string): Promise<GeoOutcome> {
  const messages = {
    unsupported: `当前浏览器不支持定位，${instead}`,
    denied: `未获得定位权限，${instead}；如需使用定位，请在系统设置中允许本应用获取位置`,
    failed: `暂时无法获取您的位置，${instead}`,
  };
  if (typeof navigator === 'undefined' || !('geolocation' in navigator)) return Promise.resolve({ ok: false, message: messages.unsupported });
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (pos) => resolve({ ok: true, lat: pos.coords.latitude, lng: pos.coords.longitude }),
      (err) => resolve({ ok: false, message: err.code === err.PERMISSION_DENIED ? messages.denied : messages.failed }),
      // Bounded, so a prompt left unanswered never keeps the page waiting.
      { enableHighAccuracy: false, timeout: 10_000, maximumAge: 5 * 60_000 },
    );
  });
}

/**
 * What the browser has already decided about the position, without prompting: 'granted' (use it
 * at once), 'denied' (say so and offer the fallback instead of a button that cannot work), or
 * 'prompt' (explain, and ask on a tap). Browsers without the Permissions API answer 'prompt'.
 */
export async function geoPermission(): Promise<'granted' | 'denied' | 'prompt'> {
  try {
    if (!navigator.permissions?.query) return 'prompt';
    const status = await navigator.permissions.query({ name: 'geolocation' });
    return status.state;
  } catch {
    return 'prompt';
  }
}

/** 850 米 / 1.2 公里 */
export function formatDistance(meters: number): string {
  return meters < 1000 ? `${Math.round(meters)} 米` : `${(meters / 1000).toFixed(1)} 公里`;
}
