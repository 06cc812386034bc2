/**
 * 公共交通 (issue 13): timetables are a standard GTFS feed per site, imported through the console;
 * a RAPTOR planner answers journeys in three modes; the bus company's GTFS-Realtime gives vehicle
 * positions and delays; 附近线路, 线路, 站点, 最近使用 and 充电桩 read from them.
 *
 * Times of day are the feed's local (Beijing) times 'HH:MM:SS' and may exceed 24:00:00 as in GTFS
 * (a trip that started before midnight). Dates are 'YYYY-MM-DD'. Coordinates are WGS-84 degrees.
 * A site without its own feed uses its parent's (a county → 达州市).
 */
import { Type, type Static } from '@sinclair/typebox';

export const TRANSIT_MODES = ['fastest', 'least-walk', 'fewest-transfers'] as const;
export type TransitMode = (typeof TRANSIT_MODES)[number];
export const TRANSIT_MODE_NAMES: Record<TransitMode, string> = { fastest: '较快捷', 'least-walk': '少步行', 'fewest-transfers': '少换乘' };
export const TransitModeT = Type.Union(TRANSIT_MODES.map((m) => Type.Literal(m)), { title: '出行方式', description: 'fastest 较快捷 | least-walk 少步行 | fewest-transfers 少换乘' });

export const TransitErrorCodes = {
  /** 400: the uploaded file is not a valid GTFS feed; `details.errors` lists what is wrong. */
  GTFS_INVALID: 'GTFS_INVALID',
  /** 404: the site (and its parents) has no timetable in service. */
  NO_FEED: 'TRANSIT_NO_FEED',
  STOP_NOT_FOUND: 'TRANSIT_STOP_NOT_FOUND',
  ROUTE_NOT_FOUND: 'TRANSIT_ROUTE_NOT_FOUND',
  HISTORY_NOT_FOUND: 'TRANSIT_HISTORY_NOT_FOUND',
} as const;

/** GTFS ids in our URLs: printable, no '/', at most 64 characters. */
export const GTFS_ID_PATTERN = '^[^/\\s?#]{1,64}$';
/** `stop:<stop_id>` or `<lat>,<lng>` */
export const TRANSIT_PLACE_PATTERN = '^(stop:[^/\\s?#]{1,64}|-?\\d{1,2}(\\.\\d{1,8})?,-?\\d{1,3}(\\.\\d{1,8})?)$';
export const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
/** HH:MM or HH:MM:SS, hours up to 47 */
export const TIME_OF_DAY_PATTERN = '^([0-3]?\\d|4[0-7]):[0-5]\\d(:[0-5]\\d)?$';

const Site = Type.String({ pattern: '^\\d{6}$', title: '站点' });
const Lat = Type.Number({ minimum: -90, maximum: 90, title: '纬度' });
const Lng = Type.Number({ minimum: -180, maximum: 180, title: '经度' });
/** [lat, lng] pairs, for drawing a line on the map. */
export const LatLngPath = Type.Array(Type.Tuple([Type.Number(), Type.Number()]));
export type LatLngPath = Static<typeof LatLngPath>;

// ---- planner ---------------------------------------------------------------------------------------

export const PlanQuery = Type.Object({
  from: Type.String({ pattern: TRANSIT_PLACE_PATTERN, title: '起点', description: 'stop:<stop_id> 或 <纬度>,<经度>' }),
  to: Type.String({ pattern: TRANSIT_PLACE_PATTERN, title: '终点', description: 'stop:<stop_id> 或 <纬度>,<经度>' }),
  /** Default: today (Beijing). */
  date: Type.Optional(Type.String({ pattern: DATE_PATTERN, title: '出发日期' })),
  /** Default: now (Beijing). */
  time: Type.Optional(Type.String({ pattern: TIME_OF_DAY_PATTERN, title: '出发时间' })),
  /** Default: fastest. */
  mode: Type.Optional(TransitModeT),
  site: Type.Optional(Site),
});
export type PlanQuery = Static<typeof PlanQuery>;

export const LegPlace = Type.Object({
  stopId: Type.Optional(Type.String()),
  name: Type.String(),
  lat: Type.Number(),
  lng: Type.Number(),
});
export type LegPlace = Static<typeof LegPlace>;

export const PlanLeg = Type.Object({
  /** walk | bus | rail | tram | ferry | other (from the GTFS route_type) */
  mode: Type.String(),
  routeId: Type.Optional(Type.String()),
  /** 1路 (short name, or long name when there is none) */
  routeName: Type.Optional(Type.String()),
  /** Toward 达州站 (the trip's headsign) */
  headsign: Type.Optional(Type.String()),
  /** '#RRGGBB' of the route, when the feed gives one */
  color: Type.Optional(Type.String()),
  tripId: Type.Optional(Type.String()),
  from: LegPlace,
  to: LegPlace,
  /** 'HH:MM:SS' (may exceed 24:00:00) */
  departure: Type.String(),
  arrival: Type.String(),
  /** walking legs: the distance walked; bus legs: the distance along the line (approximate) */
  distanceMeters: Type.Integer({ minimum: 0 }),
  /** bus legs: the stops passed between boarding and alighting, both excluded */
  intermediateStops: Type.Optional(Type.Array(LegPlace)),
  /** the leg's line on the map (the shape's piece, or the straight line of a walk) */
  path: LatLngPath,
});
export type PlanLeg = Static<typeof PlanLeg>;

export const Itinerary = Type.Object({
  departure: Type.String(),
  arrival: Type.String(),
  durationS: Type.Integer({ minimum: 0 }),
  transfers: Type.Integer({ minimum: 0 }),
  walkMeters: Type.Integer({ minimum: 0 }),
  /** 步行 350 米 → 1路 (8 站) → 换乘 12路 … — one line the H5 shows on a card */
  summary: Type.String(),
  legs: Type.Array(PlanLeg),
});
export type Itinerary = Static<typeof Itinerary>;

export const PlanResponse = Type.Object({
  mode: TransitModeT,
  date: Type.String(),
  time: Type.String(),
  /** best first for the mode asked */
  itineraries: Type.Array(Itinerary),
  /** why there is none (暂无可乘坐的公交方案，建议调整出发时间或地点), present only then */
  message: Type.Optional(Type.String()),
});
export type PlanResponse = Static<typeof PlanResponse>;

// ---- stops, arrivals, lines ------------------------------------------------------------------------

export const Arrival = Type.Object({
  tripId: Type.String(),
  /** predicted (real-time) or scheduled 'HH:MM:SS' relative to today */
  time: Type.String(),
  /** whole minutes from now, 0 = 即将到站 */
  minutes: Type.Integer({ minimum: 0 }),
  /** true: from the bus company's real-time feed; false: the timetable (计划) */
  realtime: Type.Boolean(),
  /** seconds late (+) or early (−) when realtime */
  delayS: Type.Optional(Type.Integer()),
  /** stops still to go before this one, when the bus is known */
  stopsAway: Type.Optional(Type.Integer({ minimum: 0 })),
  vehicleId: Type.Optional(Type.String()),
});
export type Arrival = Static<typeof Arrival>;

export const StopRouteArrivals = Type.Object({
  routeId: Type.String(),
  routeName: Type.String(),
  color: Type.Optional(Type.String()),
  directionId: Type.Integer({ minimum: 0, maximum: 1 }),
  /** 开往 … */
  headsign: Type.String(),
  /** the next arrivals, soonest first (at most 3) */
  arrivals: Type.Array(Arrival),
  /** 首末班 'HH:MM' of today's service at this stop, when it runs today */
  firstLast: Type.Optional(Type.Object({ first: Type.String(), last: Type.String() })),
});
export type StopRouteArrivals = Static<typeof StopRouteArrivals>;

export const NearbyQuery = Type.Object({ lat: Lat, lng: Lng, site: Type.Optional(Site), radius: Type.Optional(Type.Integer({ minimum: 100, maximum: 2000, title: '范围（米）' })) });
export type NearbyQuery = Static<typeof NearbyQuery>;

export const StopView = Type.Object({
  stopId: Type.String(),
  name: Type.String(),
  lat: Type.Number(),
  lng: Type.Number(),
  /** from the point asked, when there was one */
  distanceMeters: Type.Optional(Type.Integer({ minimum: 0 })),
  routes: Type.Array(StopRouteArrivals),
});
export type StopView = Static<typeof StopView>;

/** GET /api/transit/stops/nearby: nearest first (at most 10 stops within `radius`, default 800 m). */
export const NearbyResponse = Type.Object({
  stops: Type.Array(StopView),
  /** ISO time of the answer; the H5 refreshes it every 20 s while on screen */
  updatedAt: Type.String(),
  /** false when the real-time feed is not available: every arrival is then 计划 */
  realtime: Type.Boolean(),
});
export type NearbyResponse = Static<typeof NearbyResponse>;

export const StopParams = Type.Object({ stopId: Type.String({ pattern: GTFS_ID_PATTERN, title: '站点' }) });
export const RouteParams = Type.Object({ routeId: Type.String({ pattern: GTFS_ID_PATTERN, title: '线路' }) });
export const SiteQuery = Type.Object({ site: Type.Optional(Site) });

/** GET /api/transit/stops/:stopId */
export const StopResponse = Type.Composite([StopView, Type.Object({ updatedAt: Type.String(), realtime: Type.Boolean() })]);
export type StopResponse = Static<typeof StopResponse>;

export const VehicleView = Type.Object({
  vehicleId: Type.String(),
  /** 川S·D1234 (demo) */
  label: Type.Optional(Type.String()),
  tripId: Type.String(),
  directionId: Type.Integer({ minimum: 0, maximum: 1 }),
  lat: Type.Number(),
  lng: Type.Number(),
  bearing: Type.Optional(Type.Number()),
  delayS: Type.Optional(Type.Integer()),
  /** the stop it is at or heading to */
  nextStopId: Type.Optional(Type.String()),
  updatedAt: Type.String(),
});
export type VehicleView = Static<typeof VehicleView>;

export const RouteDirection = Type.Object({
  directionId: Type.Integer({ minimum: 0, maximum: 1 }),
  headsign: Type.String(),
  stops: Type.Array(Type.Object({ stopId: Type.String(), name: Type.String(), lat: Type.Number(), lng: Type.Number() })),
  path: LatLngPath,
  firstLast: Type.Optional(Type.Object({ first: Type.String(), last: Type.String() })),
});
export type RouteDirection = Static<typeof RouteDirection>;

/** GET /api/transit/routes/:routeId: the line page. */
export const RouteResponse = Type.Object({
  routeId: Type.String(),
  name: Type.String(),
  longName: Type.String(),
  color: Type.Optional(Type.String()),
  mode: Type.String(),
  agencyName: Type.String(),
  directions: Type.Array(RouteDirection),
  vehicles: Type.Array(VehicleView),
  realtime: Type.Boolean(),
  updatedAt: Type.String(),
});
export type RouteResponse = Static<typeof RouteResponse>;

/** GET /api/transit/routes?site=&q=: the lines of the site's feed (search by number or name). */
export const RouteListQuery = Type.Object({ site: Type.Optional(Site), q: Type.Optional(Type.String({ maxLength: 30, title: '关键词' })) });
export const RouteListResponse = Type.Object({
  items: Type.Array(Type.Object({ routeId: Type.String(), name: Type.String(), longName: Type.String(), color: Type.Optional(Type.String()), mode: Type.String() })),
});
export type RouteListResponse = Static<typeof RouteListResponse>;

// ---- places (路线规划's origin / destination) ------------------------------------------------------

export const PlaceQuery = Type.Object({ q: Type.String({ minLength: 1, maxLength: 30, title: '地点' }), site: Type.Optional(Site) });
export type PlaceQuery = Static<typeof PlaceQuery>;
export const PlaceView = Type.Object({
  /** stop: a stop of the feed; place: a demo landmark (达州站, 达州市中心医院 …) */
  kind: Type.Union([Type.Literal('stop'), Type.Literal('place')]),
  /** what to send as `from` / `to`: 'stop:<id>' or '<lat>,<lng>' */
  value: Type.String(),
  name: Type.String(),
  /** a stop: the lines calling there (1路、3路); a place: its address */
  detail: Type.String(),
  lat: Type.Number(),
  lng: Type.Number(),
});
export type PlaceView = Static<typeof PlaceView>;
/** GET /api/transit/places?q=&site= (at most 20, Chinese, pinyin and initials match) */
export const PlaceListResponse = Type.Object({ items: Type.Array(PlaceView) });
export type PlaceListResponse = Static<typeof PlaceListResponse>;

// ---- 最近使用 ----------------------------------------------------------------------------------------

export const HISTORY_KINDS = ['stop', 'route', 'plan'] as const;
export type TransitHistoryKind = (typeof HISTORY_KINDS)[number];
/**
 * Anonymous users are told apart by the device header of search.ts (DEVICE_HEADER, the id the H5
 * keeps in localStorage), as for 搜索历史; a signed-in user's history is theirs whatever the device.
 */
export const MAX_HISTORY = 30;

export const HistoryInput = Type.Object({
  kind: Type.Union(HISTORY_KINDS.map((k) => Type.Literal(k)), { title: '类型' }),
  /** stop: stop id; route: route id; plan: 'from|to' as sent to /plan */
  ref: Type.String({ minLength: 1, maxLength: 200, title: '对象' }),
  title: Type.String({ minLength: 1, maxLength: 60, title: '名称' }),
  subtitle: Type.Optional(Type.String({ maxLength: 100, title: '说明' })),
  site: Type.Optional(Site),
});
export type HistoryInput = Static<typeof HistoryInput>;
export const HistoryItem = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  ref: Type.String(),
  title: Type.String(),
  subtitle: Type.String(),
  viewedAt: Type.String(),
});
export type HistoryItem = Static<typeof HistoryItem>;
/** GET /api/transit/history: newest first; POST the same (kind, ref) again moves it to the top. */
export const HistoryResponse = Type.Object({ items: Type.Array(HistoryItem) });
export type HistoryResponse = Static<typeof HistoryResponse>;

// ---- 充电桩 ------------------------------------------------------------------------------------------

export const CONNECTOR_STATUSES = ['free', 'busy', 'fault'] as const;
export type ConnectorStatus = (typeof CONNECTOR_STATUSES)[number];
export const CONNECTOR_STATUS_NAMES: Record<ConnectorStatus, string> = { free: '空闲', busy: '占用', fault: '故障' };
export const CONNECTOR_KIND_NAMES = { fast: '快充', slow: '慢充' } as const;

export const ChargerQuery = Type.Object({
  site: Type.Optional(Site),
  q: Type.Optional(Type.String({ maxLength: 30, title: '名称或地址' })),
  /** with lat/lng the list is sorted by distance */
  lat: Type.Optional(Lat),
  lng: Type.Optional(Lng),
});
export type ChargerQuery = Static<typeof ChargerQuery>;
export const ChargerConnector = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('fast'), Type.Literal('slow')]),
  powerKw: Type.Number(),
  status: Type.Union(CONNECTOR_STATUSES.map((s) => Type.Literal(s))),
});
export const ChargerStation = Type.Object({
  id: Type.String(),
  name: Type.String(),
  address: Type.String(),
  /** county site code and name */
  siteCode: Type.String(),
  siteName: Type.String(),
  operator: Type.String(),
  openHours: Type.String(),
  lat: Type.Number(),
  lng: Type.Number(),
  /** 电费 + 服务费, 分 per kWh */
  priceFenPerKwh: Type.Integer({ minimum: 0 }),
  serviceFeeFenPerKwh: Type.Integer({ minimum: 0 }),
  parking: Type.String(),
  distanceMeters: Type.Optional(Type.Integer({ minimum: 0 })),
  connectors: Type.Array(ChargerConnector),
  fastFree: Type.Integer({ minimum: 0 }),
  fastTotal: Type.Integer({ minimum: 0 }),
  slowFree: Type.Integer({ minimum: 0 }),
  slowTotal: Type.Integer({ minimum: 0 }),
});
export type ChargerStation = Static<typeof ChargerStation>;
export const ChargerListResponse = Type.Object({ stations: Type.Array(ChargerStation), updatedAt: Type.String() });
export type ChargerListResponse = Static<typeof ChargerListResponse>;

// ---- console: feeds ----------------------------------------------------------------------------------

export const GtfsProblem = Type.Object({
  /** stop_times.txt */
  file: Type.String(),
  /** 1-based line of the file, header = 1 */
  line: Type.Optional(Type.Integer()),
  message: Type.String(),
});
export type GtfsProblem = Static<typeof GtfsProblem>;

export const FeedImportResponse = Type.Object({
  feedId: Type.Integer(),
  stops: Type.Integer({ minimum: 0 }),
  routes: Type.Integer({ minimum: 0 }),
  trips: Type.Integer({ minimum: 0 }),
  stopTimes: Type.Integer({ minimum: 0 }),
  warnings: Type.Array(GtfsProblem),
});
export type FeedImportResponse = Static<typeof FeedImportResponse>;

export const FEED_STATUSES = ['importing', 'active', 'replaced', 'failed'] as const;
export const FEED_STATUS_NAMES = { importing: '导入中', active: '使用中', replaced: '已替换', failed: '校验未通过' } as const;
export const FeedView = Type.Object({
  feedId: Type.Integer(),
  siteCode: Type.String(),
  status: Type.Union(FEED_STATUSES.map((s) => Type.Literal(s))),
  fileName: Type.String(),
  agencyName: Type.String(),
  /** the calendar's span 'YYYY-MM-DD' */
  startDate: Type.Optional(Type.String()),
  endDate: Type.Optional(Type.String()),
  stops: Type.Integer(),
  routes: Type.Integer(),
  trips: Type.Integer(),
  stopTimes: Type.Integer(),
  warnings: Type.Array(GtfsProblem),
  /** for a failed import: what was wrong (at most 100) */
  errors: Type.Array(GtfsProblem),
  createdBy: Type.String(),
  createdAt: Type.String(),
  activatedAt: Type.Optional(Type.String()),
});
export type FeedView = Static<typeof FeedView>;
/** GET /api/admin/transit/feeds?site=: newest first (at most 20). */
export const FeedListResponse = Type.Object({ items: Type.Array(FeedView) });
export type FeedListResponse = Static<typeof FeedListResponse>;
