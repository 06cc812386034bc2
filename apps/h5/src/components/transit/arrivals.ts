import type { Arrival } from '@dz/contracts';

/**
 * How 附近线路, 站点 and 线路 word an arrival. The three forms of the brief: "3 分钟" (real-time),
 * "即将到站" (real-time, under a minute), "12:35 计划" (timetable only — whenever the bus company's
 * real-time feed says nothing about that bus, so the citizen knows it is a plan, not a bus seen).
 */

/** 'HH:MM[:SS]' (hours may pass 24 in GTFS) → 'HH:MM' on the clock. */
export function clock(time: string): string {
  const [h = '0', m = '00'] = time.split(':');
  return `${String(Number(h) % 24).padStart(2, '0')}:${m.padStart(2, '0')}`;
}

export function arrivalText(a: Arrival): string {
  if (!a.realtime) return `${clock(a.time)} 计划`;
  if (a.minutes <= 0) return '即将到站';
  return `${a.minutes} 分钟`;
}

/** The same fact as a sentence, for screen readers and the title attribute. */
export function arrivalLabel(a: Arrival): string {
  if (!a.realtime) return `按时刻表 ${clock(a.time)} 到站（计划）`;
  const away = a.stopsAway !== undefined && a.stopsAway > 0 ? `，还有 ${a.stopsAway} 站` : '';
  if (a.minutes <= 0) return `即将到站${away}`;
  return `约 ${a.minutes} 分钟后到站${away}`;
}

/** "晚点 3 分钟" / "早到 1 分钟" from a real-time delay; nothing under half a minute. */
export function delayText(delayS: number | undefined): string {
  if (delayS === undefined || Math.abs(delayS) < 30) return '';
  const m = Math.round(Math.abs(delayS) / 60);
  return delayS > 0 ? `晚点 ${m} 分钟` : `早到 ${m} 分钟`;
}

/** 12:35:20 in Beijing time, from an ISO instant (the answer's updatedAt). */
export function updatedClock(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(d);
}

/** 850 米 / 1.2 公里 */
export function distanceText(meters: number): string {
  return meters < 1000 ? `${Math.round(meters)} 米` : `${(meters / 1000).toFixed(1)} 公里`;
}
