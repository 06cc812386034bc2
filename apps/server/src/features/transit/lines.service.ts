/**
 * 线路: the site's lines (search by number or name) and a line's page — its directions with their
 * stops, path and 首末班, and the buses on it now from the real-time snapshot.
 */
import type { RouteListResponse, RouteResponse } from '@dz/contracts';
import { normalise } from '../search/search-index.js';
import { legMode, routeDisplayName } from './planner/timetable.js';
import type { FeedRoute } from './planner/types.js';
import { vehiclesOn, type RealtimeStore } from './realtime.js';
import { routeNotFound, type SiteTimetables } from './site-timetable.js';
import { beijingNow } from './transit-time.js';

const item = (r: FeedRoute) => ({ routeId: r.id, name: routeDisplayName(r), longName: r.longName, ...(r.color ? { color: r.color } : {}), mode: legMode(r.type) });

export class LinesService {
  constructor(
    private readonly timetables: SiteTimetables,
    private readonly realtime: RealtimeStore,
  ) {}

  async list(site: string | undefined, q: string | undefined): Promise<RouteListResponse> {
    const { tt } = await this.timetables.require(site);
    // 1路 and 1 are the same search; so are Ｋ１ and k1.
    const term = normalise(q ?? '')
      .trim()
      .replace(/路$/, '');
    const routes = tt.routes().filter((r) => !term || [r.id, r.shortName, r.longName].some((s) => normalise(s).includes(term)));
    // Exact number first (searching 1 lists 1路 before 10路 and 12路), then the lines' natural order.
    const rank = (r: FeedRoute) => (term && normalise(r.shortName).replace(/路$/, '') === term ? 0 : 1);
    return {
      items: [...routes]
        .sort((a, b) => rank(a) - rank(b) || a.shortName.localeCompare(b.shortName, 'zh-CN', { numeric: true }) || a.id.localeCompare(b.id))
        .map(item),
    };
  }

  async route(routeId: string, site: string | undefined): Promise<RouteResponse> {
    const { tt, feedSite } = await this.timetables.require(site);
    const route = tt.route(routeId);
    if (!route) throw routeNotFound();
    const today = beijingNow().date;
    const snap = await this.realtime.read(feedSite);
    return {
      ...item(route),
      agencyName: tt.agencyName,
      directions: tt.patterns(routeId).map((p) => {
        const firstLast = p.stopIds.length ? tt.firstLast(p.stopIds[0]!, routeId, p.directionId, today) : null;
        return {
          directionId: p.directionId,
          headsign: p.headsign,
          stops: p.stopIds.map((id) => {
            const s = tt.stop(id);
            return { stopId: id, name: s?.name ?? id, lat: s?.lat ?? 0, lng: s?.lng ?? 0 };
          }),
          path: p.path,
          ...(firstLast ? { firstLast } : {}),
        };
      }),
      vehicles: vehiclesOn(tt, snap, routeId),
      realtime: snap !== null,
      updatedAt: new Date().toISOString(),
    };
  }
}
