/**
 * The real-time store and prediction without a server: a snapshot written in pieces reads back
 * whole, goes stale after 60 s, and a scheduled call moves by the delay that holds at its stop.
 */
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../infra/kv.js';
import { tripKey, type RtSnapshot } from '../../partners/connectors/bus.js';
import type { StopCall, TransitTimetable } from './planner/types.js';
import { delayAt, predict, RealtimeStore, STALE_MS } from './realtime.js';

function snapshot(ts: number, vehicles = 40): RtSnapshot {
  const trips = new Map<string, { delayS: number | null; stopDelays: [number, number][]; vehicleId?: string; currentSequence?: number; atStop?: boolean }>();
  const vs = Array.from({ length: vehicles }, (_, i) => {
    trips.set(tripKey(`T${i}`, '20261207'), { delayS: 60, stopDelays: [[3, 60], [9, 120]], vehicleId: `V${i}`, currentSequence: 2, atStop: false });
    return { vehicleId: `V${i}`, label: `川S·D${1000 + i}`, tripId: `T${i}`, startDate: '20261207', lat: 31.2 + i / 1000, lng: 107.5, stopId: 'S3', currentSequence: 2, atStop: false, timestamp: Math.floor(ts / 1000) };
  });
  return { timestamp: ts, vehicles: vs, trips };
}

describe('RealtimeStore', () => {
  it('writes a snapshot in pieces short enough for the database store, and reads it back whole', async () => {
    const sets: string[] = [];
    const kv = new (class extends MemoryStore {
      override set(key: string, value: string, ttlMs: number) {
        sets.push(value);
        return super.set(key, value, ttlMs);
      }
    })();
    let now = 1_800_000_000_000;
    const store = new RealtimeStore({ kv }, () => now);
    const snap = snapshot(now);
    await store.write('511700', snap);
    expect(sets.length).toBeGreaterThan(10);
    expect(Math.max(...sets.map((v) => v.length))).toBeLessThanOrEqual(255);
    const back = await store.read('511700');
    expect(back?.vehicles).toEqual(snap.vehicles);
    expect(back?.trips).toEqual(snap.trips);
    // Past 60 s by the feed's clock: no real-time, the pages say 计划.
    now += STALE_MS + 1;
    expect(await store.read('511700')).toBeNull();
    await kv.close();
  });

  it('polls take turns between two sets of pieces; a piece of another generation is not mixed in', async () => {
    const kv = new MemoryStore();
    const writer = new RealtimeStore({ kv });
    await writer.write('511700', snapshot(Date.now(), 10));
    const first = (await kv.get('transit:rt:511700'))!;
    await writer.write('511700', snapshot(Date.now(), 12));
    const second = (await kv.get('transit:rt:511700'))!;
    expect([first[0], second[0]]).toEqual(['a', 'b']);
    expect((await new RealtimeStore({ kv }).read('511700'))?.vehicles).toHaveLength(12);
    // A reader still holding the first manifest while a third poll rewrites slot a finds a piece
    // of the wrong generation there: nothing, rather than a mix.
    await writer.write('511700', snapshot(Date.now(), 11));
    await kv.set('transit:rt:511700', first, 90_000);
    expect(await new RealtimeStore({ kv }).read('511700')).toBeNull();
    await kv.close();
  });

  it('a missing piece (expired between reads) is no snapshot, not half of one', async () => {
    const kv = new MemoryStore();
    const store = new RealtimeStore({ kv });
    await store.write('511700', snapshot(Date.now()));
    const [gen] = (await kv.get('transit:rt:511700'))!.split(':');
    await kv.del(`transit:rt:511700:${gen![0]}:1`);
    expect(await new RealtimeStore({ kv }).read('511700')).toBeNull();
    expect(await new RealtimeStore({ kv }).read('511702')).toBeNull();
    await kv.close();
  });
});

describe('prediction', () => {
  const tt = { tripTimes: () => ({ tripId: 'T0', stopIds: ['S1', 'S2', 'S3', 'S4', 'S5'], arrivals: [], departures: [], sequences: [1, 2, 3, 5, 9] }) } as unknown as TransitTimetable;
  const call = (stopSequence: number, time: number): StopCall => ({ tripId: 'T0', routeId: 'R', headsign: 'X', directionId: 0, serviceDate: '20261207', startTime: null, stopSequence, time });
  const snap = (trip: Partial<{ delayS: number | null; stopDelays: [number, number][]; currentSequence: number; atStop: boolean }>): RtSnapshot => ({
    timestamp: Date.now(),
    vehicles: [],
    trips: new Map([[tripKey('T0', '20261207'), { delayS: 30, stopDelays: [], vehicleId: 'V0', ...trip }]]),
  });

  it('uses the stop’s own delay, else the last one before it, else the trip’s', () => {
    const t = { delayS: 30, stopDelays: [[3, 60], [9, 120]] as [number, number][] };
    expect([delayAt(t, 2), delayAt(t, 3), delayAt(t, 5), delayAt(t, 9), delayAt(t, 12)]).toEqual([30, 60, 60, 120, 120]);
  });

  it('moves a call by the delay, counts the stops to go, and drops a stop the bus has passed', () => {
    const nowS = 36_000;
    const s = snap({ stopDelays: [[3, 120]], currentSequence: 2, atStop: false });
    expect(predict(tt, s, call(5, nowS + 300), nowS)).toEqual({ tripId: 'T0', time: '10:07:00', minutes: 7, realtime: true, delayS: 120, stopsAway: 2, vehicleId: 'V0', at: nowS + 420 });
    // standing at S2: S3 is next, nothing to go before it
    expect(predict(tt, snap({ currentSequence: 2, atStop: true }), call(3, nowS + 60), nowS)).toMatchObject({ stopsAway: 0, delayS: 30, minutes: 1 });
    expect(predict(tt, snap({ currentSequence: 5 }), call(3, nowS + 600), nowS)).toBeNull();
    // A late bus whose scheduled time is over is still to come.
    expect(predict(tt, snap({ delayS: 600, currentSequence: 2 }), call(3, nowS - 300), nowS)).toMatchObject({ minutes: 5, realtime: true });
    // Without the trip in the feed: the timetable (计划), gone once its time is over.
    expect(predict(tt, null, call(3, nowS + 150), nowS)).toEqual({ tripId: 'T0', time: '10:02:30', minutes: 2, realtime: false, at: nowS + 150 });
    expect(predict(tt, null, call(3, nowS - 1), nowS)).toBeNull();
  });
});
