/**
 * The planner's boundary (issue 13). A feed is read once from the transit_* tables into FeedData
 * (planner/load.ts), built once into a TransitTimetable (planner/timetable.ts: RAPTOR's arrays),
 * and kept per feed in memory by features/transit/timetables.ts. Everything the H5 reads about
 * stops, lines and the timetable — the plan, nearby stops, the next departures — comes from it;
 * nothing on the request path queries the stop_times table.
 *
 * Times are seconds after the service day's start (GTFS "noon minus 12 h"; may exceed 86,400).
 * Service dates are 'YYYYMMDD' as in GTFS.
 */
import type { Itinerary, TransitMode } from '@dz/contracts';

export interface FeedStop {
  id: string;
  name: string;
  lat: number;
  lng: number;
  /** 0 stop / platform, 1 station (a parent: not served by trips) */
  locationType: number;
  parentId: string | null;
}
export interface FeedRoute {
  id: string;
  agencyId: string;
  shortName: string;
  longName: string;
  /** GTFS route_type: 3 bus, 0 tram, 1 subway, 2 rail, 4 ferry … */
  type: number;
  /** '#RRGGBB' or null */
  color: string | null;
}
export interface FeedTrip {
  id: string;
  routeId: string;
  serviceId: string;
  headsign: string;
  directionId: 0 | 1 | null;
  shapeId: string | null;
}
/** One trip's calls, in stop_sequence order (parallel arrays). */
export interface FeedTripTimes {
  tripId: string;
  stopIds: string[];
  arrivals: number[];
  departures: number[];
  /** stop_sequence values, parallel to stopIds (GTFS-RT refers to them) */
  sequences: number[];
}
export interface FeedService {
  id: string;
  /** bit 0 = Monday … bit 6 = Sunday; 0 when the service only has calendar_dates */
  days: number;
  /** 'YYYYMMDD' or null when only calendar_dates */
  start: string | null;
  end: string | null;
  added: string[];
  removed: string[];
}
export interface FeedFrequency {
  tripId: string;
  start: number;
  end: number;
  headway: number;
  exactTimes: boolean;
}
export interface FeedTransfer {
  from: string;
  to: string;
  /** 0 recommended, 1 timed, 2 minimum time, 3 not possible */
  type: number;
  minTime: number | null;
}
export interface FeedData {
  feedId: number;
  agencyName: string;
  stops: FeedStop[];
  routes: FeedRoute[];
  trips: FeedTrip[];
  times: FeedTripTimes[];
  services: FeedService[];
  frequencies: FeedFrequency[];
  transfers: FeedTransfer[];
  /** shape id → [[lat, lng], …] */
  shapes: Map<string, [number, number][]>;
}

/** A point the planner starts or ends at: a stop of the feed, or a coordinate (walk to stops near it). */
export type PlanPlace = { stopId: string } | { lat: number; lng: number; name?: string };

export interface PlanRequest {
  from: PlanPlace;
  to: PlanPlace;
  /** 'YYYY-MM-DD' */
  date: string;
  /** seconds after that date's midnight */
  time: number;
  mode: TransitMode;
  /** default 5 */
  maxTransfers?: number;
}
export interface PlanResult {
  /** best first for the mode; at most 5 */
  itineraries: Itinerary[];
  /** why there is none, in Chinese */
  message?: string;
}

/** A departure from a stop of one trip on one service date. */
export interface StopCall {
  tripId: string;
  routeId: string;
  headsign: string;
  directionId: 0 | 1;
  /** 'YYYYMMDD' of the trip's service day (GTFS-RT start_date) */
  serviceDate: string;
  /** 'HH:MM:SS' of a trip instance run by frequency (GTFS-RT start_time), else null */
  startTime: string | null;
  /** stop_sequence of this call */
  stopSequence: number;
  /** arrival at the stop, seconds after the *asked* date's midnight (so a previous day's 25:10 is 4,200) */
  time: number;
}

export interface TransitTimetable {
  readonly feedId: number;
  readonly agencyName: string;
  stop(id: string): FeedStop | undefined;
  /** served stops (location_type 0) */
  stops(): readonly FeedStop[];
  route(id: string): FeedRoute | undefined;
  routes(): readonly FeedRoute[];
  trip(id: string): FeedTrip | undefined;
  /** served stops within `radiusM` of the point, nearest first (a grid index, not a scan) */
  stopsNear(lat: number, lng: number, radiusM: number, limit: number): { stop: FeedStop; distanceMeters: number }[];
  /** the routes calling at a stop, with the directions they call in */
  routesAt(stopId: string): { route: FeedRoute; directionId: 0 | 1; headsign: string }[];
  /**
   * The next calls at a stop from `fromTime` on `date` (previous day's trips past midnight and
   * frequency instances included), soonest first, within `horizonS`, at most `limit`; optionally
   * only of one route / direction.
   */
  departures(stopId: string, date: string, fromTime: number, opts: { limit: number; horizonS: number; routeId?: string; directionId?: 0 | 1 }): StopCall[];
  /** first and last call of a route / direction at a stop on `date`, 'HH:MM' — or null when it does not run that day */
  firstLast(stopId: string, routeId: string, directionId: 0 | 1, date: string): { first: string; last: string } | null;
  /** the route's main stop pattern per direction (the one most trips follow) with its shape */
  patterns(routeId: string): { directionId: 0 | 1; headsign: string; stopIds: string[]; path: [number, number][] }[];
  /** a trip's calls (scheduled), for real-time prediction */
  tripTimes(tripId: string): FeedTripTimes | undefined;
  plan(req: PlanRequest): PlanResult;
}
