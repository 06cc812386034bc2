/**
 * 附近线路 and a stop's page: stops near a point (the timetable's grid index) or one stop, each with
 * its lines per direction and their next arrivals — real-time where the bus company's feed knows
 * the trip, else the timetable's (realtime: false, the H5's 计划).
 */
import type { NearbyQuery, NearbyResponse, StopResponse, StopView } from '@dz/contracts';
import type { FeedStop, TransitTimetable } from './planner/types.js';
import { stopArrivals, type RealtimeStore } from './realtime.js';
import type { RtSnapshot } from '../../partners/connectors/bus.js';
import { stopNotFound, type SiteTimetables } from './site-timetable.js';
import { beijingNow } from './transit-time.js';

export const NEARBY_RADIUS_M = 800;
export const NEARBY_LIMIT = 10;

export class StopsService {
  constructor(
    private readonly timetables: SiteTimetables,
    private readonly realtime: RealtimeStore,
  ) {}

  private view(tt: TransitTimetable, snap: RtSnapshot | null, stop: FeedStop, now: { date: string; seconds: number }, distanceMeters?: number): StopView {
    return {
      stopId: stop.id,
      name: stop.name,
      lat: stop.lat,
      lng: stop.lng,
      ...(distanceMeters !== undefined ? { distanceMeters } : {}),
      routes: stopArrivals(tt, snap, stop.id, now.date, now.seconds),
    };
  }

  async nearby(q: NearbyQuery): Promise<NearbyResponse> {
    const { tt, feedSite } = await this.timetables.require(q.site);
    const snap = await this.realtime.read(feedSite);
    const now = beijingNow();
    const near = tt.stopsNear(q.lat, q.lng, q.radius ?? NEARBY_RADIUS_M, NEARBY_LIMIT);
    return {
      // A stop no line calls at today still shows (its 首末班 say when), but one without any line is noise.
      stops: near.map((n) => this.view(tt, snap, n.stop, now, n.distanceMeters)).filter((s) => s.routes.length > 0),
      updatedAt: new Date().toISOString(),
      realtime: snap !== null,
    };
  }

  /** One stop (a platform, or a station standing for its platforms). */
  async stop(stopId: string, site: string | undefined): Promise<StopResponse> {
    const { tt, feedSite } = await this.timetables.require(site);
    const stop = tt.stop(stopId);
    if (!stop) throw stopNotFound();
    const snap = await this.realtime.read(feedSite);
    return { ...this.view(tt, snap, stop, beijingNow()), updatedAt: new Date().toISOString(), realtime: snap !== null };
  }
}
