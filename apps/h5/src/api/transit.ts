import type {
  ChargerListResponse,
  HistoryInput,
  HistoryItem,
  HistoryResponse,
  NearbyResponse,
  PlaceListResponse,
  PlanResponse,
  RouteListResponse,
  RouteResponse,
  StopResponse,
  TransitMode,
} from '@dz/contracts';
import { http } from './client';
import { deviceHeaders } from '../utils/device';

const enc = encodeURIComponent;

/** A `from` / `to` of the planner: 'stop:<stop_id>' or '<lat>,<lng>' (PlaceView.value is one). */
export type TransitPlace = string;

/** '<lat>,<lng>' the way the planner reads a point (6 decimals ≈ 0.1 m, well inside the pattern's 8). */
export function pointPlace(lat: number, lng: number): TransitPlace {
  return `${lat.toFixed(6)},${lng.toFixed(6)}`;
}

/**
 * 公共交通 (issue 13): the journey planner, stops with their arrivals, lines, place search,
 * 最近使用 and 充电桩. Only types come from @dz/contracts.
 *
 * Every call carries the device id: 最近使用 belongs to the signed-in citizen, else to this
 * device (as 搜索历史 does), and the read calls send it too so a page never has to remember
 * which of them need it.
 */
export const transitApi = {
  plan: (
    query: { from: TransitPlace; to: TransitPlace; date?: string; time?: string; mode?: TransitMode; site?: string },
    signal?: AbortSignal,
  ) => http.get<PlanResponse>('/api/transit/plan', { query, headers: deviceHeaders(), signal }),

  nearby: (query: { lat: number; lng: number; site?: string; radius?: number }, signal?: AbortSignal) =>
    http.get<NearbyResponse>('/api/transit/stops/nearby', { query, headers: deviceHeaders(), signal }),
  stop: (stopId: string, site?: string, signal?: AbortSignal) =>
    http.get<StopResponse>(`/api/transit/stops/${enc(stopId)}`, { query: { site }, headers: deviceHeaders(), signal }),

  routes: (query: { site?: string; q?: string } = {}, signal?: AbortSignal) =>
    http.get<RouteListResponse>('/api/transit/routes', { query, headers: deviceHeaders(), signal }),
  route: (routeId: string, site?: string, signal?: AbortSignal) =>
    http.get<RouteResponse>(`/api/transit/routes/${enc(routeId)}`, { query: { site }, headers: deviceHeaders(), signal }),

  places: (q: string, site?: string, signal?: AbortSignal) =>
    http.get<PlaceListResponse>('/api/transit/places', { query: { q, site }, headers: deviceHeaders(), signal }),

  history: () => http.get<HistoryResponse>('/api/transit/history', { headers: deviceHeaders() }),
  /**
   * Records a view (a stop, a line or a plan opened). Quiet: it is nobody's page, so a lost
   * session must not redirect to login from here.
   */
  addHistory: (body: HistoryInput) => http.post<HistoryItem>('/api/transit/history', body, { headers: deviceHeaders(), quiet: true }),
  removeHistory: (id: number) => http.del<void>(`/api/transit/history/${id}`, undefined, { headers: deviceHeaders() }),
  clearHistory: () => http.del<void>('/api/transit/history', undefined, { headers: deviceHeaders() }),

  chargers: (query: { site?: string; q?: string; lat?: number; lng?: number }, signal?: AbortSignal) =>
    http.get<ChargerListResponse>('/api/transit/chargers', { query, headers: deviceHeaders(), signal }),
};
