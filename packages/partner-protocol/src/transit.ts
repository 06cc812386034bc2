/**
 * 公共交通's two systems (issue 13).
 *
 * ## `bus` — the bus company (公交公司)
 * Its timetable is a standard GTFS feed (the demo one: data/gtfs/dazhou-demo/, imported by the
 * console; the sandbox runs its buses along it). Its live data is a standard GTFS-Realtime feed:
 *
 *   GET /v1/bus/gtfs-rt  (signed like every call)
 *     200, content-type `application/x-protobuf`: one `transit_realtime.FeedMessage`
 *     (gtfs-realtime-bindings), FULL_DATASET, `header.timestamp` = now (s). It carries, for every
 *     bus on the road:
 *       - an entity `v-<vehicleId>` with a VehiclePosition: trip { tripId, startDate 'YYYYMMDD',
 *         startTime 'HH:MM:SS' for a trip run by frequency, directionId, routeId }, vehicle
 *         { id, label '川S·D1234' }, position { latitude, longitude, bearing }, currentStopSequence,
 *         stopId (the stop it is at or heading to), currentStatus, timestamp;
 *       - an entity `t-<vehicleId>` with a TripUpdate: the same trip and vehicle, a
 *         stopTimeUpdate per stop still ahead { stopSequence, stopId, arrival { delay, time } },
 *         delay (s) and timestamp.
 *     Errors are the protocol's JSON envelope as for every other call (a fault, a bad signature).
 *
 * ## `charging` — the charging operator (充电运营平台)
 *   GET /v1/charging/stations?county=<site code>&q=<name or address>
 *     → ChargingStationsResult. `county` a county code (511702 …) or the city 511700 for all;
 *     `q` matches name or address (contains). Status is live: it changes as cars come and go.
 */

export const GTFS_RT_CONTENT_TYPE = 'application/x-protobuf';
export const BUS_RT_PATH = '/v1/bus/gtfs-rt';

export interface ChargingConnector {
  id: string;
  kind: 'fast' | 'slow';
  powerKw: number;
  status: 'free' | 'busy' | 'fault';
}

export interface ChargingStation {
  id: string;
  name: string;
  address: string;
  /** county code (511702 …) */
  county: string;
  operator: string;
  openHours: string;
  lat: number;
  lng: number;
  /** 电费 and 服务费, 分 per kWh */
  priceFenPerKwh: number;
  serviceFeeFenPerKwh: number;
  /** 停车收费说明 */
  parking: string;
  connectors: ChargingConnector[];
}

export interface ChargingStationsResult {
  stations: ChargingStation[];
  /** ISO time the statuses were read */
  updatedAt: string;
}
