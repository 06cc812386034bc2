import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import { DATE_PATTERN, TIME_OF_DAY_PATTERN, TRANSIT_MODES, TRANSIT_PLACE_PATTERN, type TransitMode } from '@dz/contracts';

/**
 * 路线规划's question as it lives in the URL (so reload, 返回 and a link from 最近使用 show the
 * same plan): `from` / `to` as the planner takes them ('stop:<id>' or '<lat>,<lng>'), the names
 * shown for them, an optional date and time (absent = 现在出发), and the mode.
 *
 *   /transit/plan?from=stop:TC001&fromName=达州站&to=stop:TC030&toName=达州市中心医院&mode=fastest
 *
 * 方案详情 (/transit/itinerary) takes the same keys plus `i`, the itinerary's place in the list.
 */
export interface PlanParams {
  from: string;
  fromName: string;
  to: string;
  toName: string;
  date: string;
  time: string;
  mode: TransitMode;
}

const first = (v: LocationQuery[string] | undefined): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
const matches = (pattern: string, v: string): string => (new RegExp(pattern).test(v) ? v : '');

/** A place the picker chose: the planner's value and the name shown for it. */
export interface PickedPlace {
  value: string;
  name: string;
}

/** What the URL asks, anything malformed dropped (a hand-edited link must not reach the API as a 400). */
export function readPlanParams(query: LocationQuery): PlanParams {
  const mode = first(query.mode) as TransitMode;
  return {
    from: matches(TRANSIT_PLACE_PATTERN, first(query.from)),
    fromName: first(query.fromName).slice(0, 40),
    to: matches(TRANSIT_PLACE_PATTERN, first(query.to)),
    toName: first(query.toName).slice(0, 40),
    date: matches(DATE_PATTERN, first(query.date)),
    time: matches(TIME_OF_DAY_PATTERN, first(query.time)),
    mode: TRANSIT_MODES.includes(mode) ? mode : 'fastest',
  };
}

/** The URL query of a plan, without empty keys. */
export function planQuery(p: Partial<PlanParams>): LocationQueryRaw {
  const out: LocationQueryRaw = {};
  for (const k of ['from', 'fromName', 'to', 'toName', 'date', 'time', 'mode'] as const) {
    const v = p[k];
    if (v) out[k] = v;
  }
  if (out.mode === 'fastest') delete out.mode;
  return out;
}

/** The name a place is shown by when the URL did not carry one. */
export function fallbackName(value: string): string {
  if (value.startsWith('stop:')) return `站点 ${value.slice(5)}`;
  return value ? '地图上的位置' : '';
}

/** 最近使用's entry of a plan: ref 'from|to', title 'A → B' (the API's 60-character limit). */
export function planHistoryTitle(fromName: string, toName: string): string {
  const t = `${fromName} → ${toName}`;
  return t.length <= 60 ? t : `${t.slice(0, 59)}…`;
}
