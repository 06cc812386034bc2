import type { Itinerary, PlanLeg } from '@dz/contracts';

/**
 * How 路线规划 and 方案详情 write times, durations and lines. GTFS times may pass 24:00 (a trip
 * that began the evening before): 25:10:00 is 次日 01:10.
 */
export function formatClock(time: string): string {
  const m = /^(\d{1,2}):(\d{2})/.exec(time);
  if (!m) return time;
  const h = Number(m[1]);
  const hhmm = `${String(h % 24).padStart(2, '0')}:${m[2]}`;
  return h >= 24 ? `次日 ${hhmm}` : hhmm;
}

/** 540 → 9 分钟; 4500 → 1 小时 15 分钟 (rounded up: a citizen plans with the longer figure). */
export function formatDuration(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes < 60) return `${minutes} 分钟`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} 小时 ${m} 分钟` : `${h} 小时`;
}

/** Seconds since midnight of a 'HH:MM[:SS]' that may exceed 24:00. */
export function clockSeconds(time: string): number {
  const [h = 0, m = 0, s = 0] = time.split(':').map(Number);
  return h * 3600 + m * 60 + s;
}

export const isRideLeg = (leg: PlanLeg): boolean => leg.mode !== 'walk';

/** 1路 · 12路: the lines ridden, in order. */
export function ridesOf(it: Itinerary): PlanLeg[] {
  return it.legs.filter(isRideLeg);
}

/** Now in Beijing: the planner's clock, whatever the phone's time zone. */
export function beijingNow(): { date: string; time: string } {
  const iso = new Date(Date.now() + 8 * 3600_000).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

const MODE_WORDS: Record<string, string> = { bus: '公交', rail: '轨道交通', tram: '有轨电车', ferry: '轮渡', other: '车辆' };
export const rideWord = (mode: string): string => MODE_WORDS[mode] ?? '车辆';

/**
 * Black or white text on a line's colour, whichever contrasts more (WCAG relative luminance), so a
 * light route colour never leaves its badge unreadable. Without a colour: the app's primary blue.
 */
export function badgeColors(color: string | undefined): { background: string; color: string } {
  const hex = /^#?([0-9a-f]{6})$/i.exec(color ?? '')?.[1];
  if (!hex) return { background: '#1557b0', color: '#ffffff' };
  const channel = (i: number): number => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const lum = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
  const onWhite = 1.05 / (lum + 0.05);
  const onBlack = (lum + 0.05) / 0.05;
  // Pure black or white: the better of the two is always ≥ √21 ≈ 4.58 : 1, never below AA.
  return { background: `#${hex}`, color: onWhite >= onBlack ? '#ffffff' : '#000000' };
}
