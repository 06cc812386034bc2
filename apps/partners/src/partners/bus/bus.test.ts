import GtfsRealtimeBindings from 'gtfs-realtime-bindings';
import { describe, expect, it } from 'vitest';
import { BUS_RT_PATH, EnvelopeCode, GTFS_RT_CONTENT_TYPE } from '@dz/partner-protocol';
import { buildSandbox } from '../../app.js';
import { TestClock, envelope, partnerClient, sandboxForFile } from '../../test/helpers.js';
import { busFeed, gtfsTime } from './feed.js';

const { transit_realtime: rt } = GtfsRealtimeBindings;

/** Beijing wall-clock time → epoch ms. */
const beijing = (iso: string) => Date.parse(`${iso}+08:00`);
// Monday 2026-12-07, 08:00 in Beijing: the weekday timetable, rush hour.
const MONDAY_8 = beijing('2026-12-07T08:00:00');

interface Vehicle {
  trip: { tripId: string; routeId: string; directionId?: number; startDate: string; startTime?: string };
  vehicle: { id: string; label: string };
  position: { latitude: number; longitude: number; bearing: number };
  currentStopSequence: number;
  stopId: string;
  currentStatus?: number;
  timestamp: number;
}
interface TripUpdate {
  trip: { tripId: string; startDate: string; startTime?: string };
  vehicle: { id: string };
  stopTimeUpdate: { stopSequence: number; stopId: string; arrival: { delay: number; time: number } }[];
  delay: number;
}
interface Decoded {
  header: { gtfsRealtimeVersion: string; incrementality?: number; timestamp: number };
  /** absent when no bus is on the road (decoded without defaults) */
  entity?: { id: string; vehicle?: Vehicle; tripUpdate?: TripUpdate }[];
}

describe('bus: the sandbox bus company (GTFS-Realtime)', () => {
  const clock = new TestClock(MONDAY_8);
  const sb = sandboxForFile({ now: clock.now });

  const fetchFeed = async (): Promise<Decoded> => {
    const res = await partnerClient(sb.app, { now: clock.now }).get(BUS_RT_PATH);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(GTFS_RT_CONTENT_TYPE);
    return rt.FeedMessage.toObject(rt.FeedMessage.decode(res.rawPayload), { longs: Number, enums: Number, defaults: false }) as Decoded;
  };
  const vehicles = (f: Decoded) => (f.entity ?? []).flatMap((e) => (e.vehicle ? [e.vehicle] : []));
  const updates = (f: Decoded) => (f.entity ?? []).flatMap((e) => (e.tripUpdate ? [e.tripUpdate] : []));
  const at = async (ms: number) => {
    clock.t = ms;
    return fetchFeed();
  };

  it('publishes a decodable FULL_DATASET with a vehicle and a trip update per bus on a weekday morning', async () => {
    const f = await at(MONDAY_8);
    expect(f.header.gtfsRealtimeVersion).toBe('2.0');
    expect(f.header.incrementality ?? 0).toBe(rt.FeedHeader.Incrementality.FULL_DATASET);
    expect(f.header.timestamp).toBe(MONDAY_8 / 1000);
    const vs = vehicles(f);
    // 1路 alone runs every 10 minutes both ways for ~33 minutes: the city has dozens of buses out.
    expect(vs.length).toBeGreaterThan(40);
    expect(updates(f).length).toBe(vs.length);
    expect(new Set(vs.map((v) => v.trip.routeId))).toEqual(new Set(['1', '2', '3', '5', '6', '8', '10', '12', 'K1']));
    const feed = busFeed();
    for (const v of vs) {
      expect(f.entity!.some((e) => e.id === `v-${v.vehicle.id}`)).toBe(true);
      expect(v.vehicle.label).toMatch(/^川S·D\d{4}$/);
      expect(v.trip.startDate).toBe('20261207');
      expect(v.trip.tripId).not.toMatch(/-WE-/);
      // Inside 达州's urban area, on a stop of its own trip.
      expect(v.position.latitude).toBeGreaterThan(31.17);
      expect(v.position.latitude).toBeLessThan(31.24);
      expect(v.position.longitude).toBeGreaterThan(107.47);
      expect(v.position.longitude).toBeLessThan(107.53);
      expect(feed.trips.get(v.trip.tripId)!.stopIds).toContain(v.stopId);
    }
    // Every trip update lists the stops still ahead, in order, ending at the trip's last stop.
    for (const u of updates(f)) {
      const trip = feed.trips.get(u.trip.tripId)!;
      const seqs = u.stopTimeUpdate.map((s) => s.stopSequence);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(u.stopTimeUpdate.at(-1)!.stopId).toBe(trip.stopIds.at(-1));
      expect(u.delay).toBeGreaterThanOrEqual(0);
      expect(u.delay).toBeLessThanOrEqual(240);
    }
  });

  it('runs only the night line N1 at night, on the previous service day (times past 24:00)', async () => {
    // 03:00 on Tuesday: every bus on the road is an N1 of Monday's service day (26:30:00 …).
    const small = vehicles(await at(beijing('2026-12-08T03:00:00')));
    expect(small.length).toBeGreaterThan(0);
    expect(small.every((v) => v.trip.routeId === 'N1' && v.trip.startDate === '20261207')).toBe(true);
    // 00:30 on Tuesday: N1 trips of Monday's service day, at times like 24:30:00.
    const night = vehicles(await at(beijing('2026-12-08T00:30:00')));
    expect(night.length).toBeGreaterThan(0);
    expect(night.every((v) => v.trip.routeId === 'N1' && v.trip.startDate === '20261207')).toBe(true);
  });

  it('moves the buses between two polls 15 s apart', async () => {
    const t = MONDAY_8 + 7 * 60_000;
    const before = new Map(vehicles(await at(t)).map((v) => [v.vehicle.id, v]));
    const after = vehicles(await at(t + 15_000));
    const common = after.filter((v) => before.has(v.vehicle.id));
    expect(common.length).toBeGreaterThan(30);
    const moved = common.filter((v) => {
      const b = before.get(v.vehicle.id)!;
      return b.position.latitude !== v.position.latitude || b.position.longitude !== v.position.longitude;
    });
    // A bus standing at a stop (dwell, or waiting late at its terminus) may not move in 15 s.
    expect(moved.length / common.length).toBeGreaterThan(0.6);
    // …and none goes backwards: the stop it heads to never comes earlier in its trip.
    for (const v of common) expect(v.currentStopSequence).toBeGreaterThanOrEqual(before.get(v.vehicle.id)!.currentStopSequence);
  });

  it('shows a pinned delay in the trip update and the predicted arrivals, until reset', async () => {
    const pin = (tripId: string, delayS: number) => sb.app.inject({ method: 'POST', url: '/_control/bus/delays', payload: { tripId, delayS } });
    expect((await pin('1-WD-0-0800', 300)).statusCode).toBe(200);
    const f = await at(beijing('2026-12-07T08:10:00'));
    const u = updates(f).find((x) => x.trip.tripId === '1-WD-0-0800')!;
    expect(u.delay).toBe(300);
    const trip = busFeed().trips.get('1-WD-0-0800')!;
    const dayStart = beijing('2026-12-07T00:00:00') / 1000;
    for (const s of u.stopTimeUpdate) {
      const i = trip.sequences.indexOf(s.stopSequence);
      expect(s.arrival).toEqual({ delay: 300, time: dayStart + trip.arrivals[i]! + 300 });
    }
    // 5 minutes late at 08:10: it is where the timetable had it at 08:05 (after 站前路, before 西外).
    const v = vehicles(f).find((x) => x.trip.tripId === '1-WD-0-0800')!;
    expect(trip.arrivals[trip.stopIds.indexOf(v.stopId)]).toBeGreaterThan(gtfsTime('08:05:00'));
    expect(trip.departures[trip.stopIds.indexOf(v.stopId) - 1]).toBeLessThanOrEqual(gtfsTime('08:05:00'));

    expect((await pin('1-WD-0-0800', 99_999)).statusCode).toBe(400);
    const unknown = await pin('9-XX-0-0000', 60);
    expect(envelope(unknown).code).toBe('2001');
    expect((await sb.app.inject({ method: 'POST', url: '/_control/bus/reset' })).statusCode).toBe(200);
    expect(updates(await fetchFeed()).find((x) => x.trip.tripId === '1-WD-0-0800')!.delay).toBeLessThanOrEqual(240);
  });

  it('gives each instance of the frequency line K1 its start_time', async () => {
    const k1 = vehicles(await at(MONDAY_8)).filter((v) => v.trip.routeId === 'K1');
    // Every 6 minutes on a ~18-minute run, both ways: several at once.
    expect(k1.length).toBeGreaterThanOrEqual(4);
    for (const v of k1) {
      expect(['K1-WD-0', 'K1-WD-1']).toContain(v.trip.tripId);
      expect(v.trip.startTime).toMatch(/^\d{2}:\d{2}:\d{2}$/);
      expect((gtfsTime(v.trip.startTime!) - gtfsTime('06:30:00')) % 360).toBe(0);
    }
    expect(new Set(k1.map((v) => v.vehicle.id)).size).toBe(k1.length);
    // Timetabled trips carry no start_time.
    expect(vehicles(await fetchFeed()).filter((v) => v.trip.routeId === '1').every((v) => v.trip.startTime === undefined)).toBe(true);
  });

  it('runs the weekend timetable on the 元旦 exception date and the weekday one on the make-up Saturday', async () => {
    const newYear = vehicles(await at(beijing('2027-01-01T10:00:00')));
    expect(newYear.length).toBeGreaterThan(0);
    expect(newYear.every((v) => /-WE-/.test(v.trip.tripId))).toBe(true);
    const makeUp = vehicles(await at(beijing('2026-12-19T10:00:00')));
    expect(makeUp.length).toBeGreaterThan(0);
    expect(makeUp.every((v) => /-WD-/.test(v.trip.tripId))).toBe(true);
  });

  it('refuses unsigned calls and answers an injected fault with the JSON envelope', async () => {
    const unsigned = await sb.app.inject({ method: 'GET', url: BUS_RT_PATH });
    expect([unsigned.statusCode, envelope(unsigned).code]).toEqual([401, EnvelopeCode.BAD_SIGNATURE]);
    const faulty = await buildSandbox({ faults: 'bus:error=1' });
    try {
      const res = await partnerClient(faulty).get(BUS_RT_PATH);
      expect([res.statusCode, envelope(res).code]).toEqual([500, EnvelopeCode.INTERNAL]);
    } finally {
      await faulty.close();
    }
  });
});
