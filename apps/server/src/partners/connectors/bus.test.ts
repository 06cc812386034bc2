/**
 * BusConnector: a GTFS-Realtime FeedMessage (encoded with the same bindings the bus company uses)
 * becomes the snapshot the poller stores; a body that is not one is a 502, a system that is down a
 * 503 in the bus company's words.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import GtfsRealtimeBindings from 'gtfs-realtime-bindings';
import { EnvelopeCode } from '@dz/partner-protocol';
import { BUS_UNAVAILABLE, BusConnector, snapshotOf, tripKey } from './bus.js';
import { clientFor, failure, startStubPartner } from './test-support.js';

const { transit_realtime: rt } = GtfsRealtimeBindings;

function feedBytes(ts: number): Uint8Array {
  const msg = rt.FeedMessage.create({
    header: { gtfsRealtimeVersion: '2.0', incrementality: rt.FeedHeader.Incrementality.FULL_DATASET, timestamp: ts },
    entity: [
      {
        id: 'v-BUS01',
        vehicle: {
          trip: { tripId: '1-WD-0-0800', startDate: '20261207', directionId: 0, routeId: '1' },
          vehicle: { id: 'BUS01', label: '川S·D1001' },
          position: { latitude: 31.2205, longitude: 107.485, bearing: 90 },
          currentStopSequence: 4,
          stopId: 'TC010',
          currentStatus: rt.VehiclePosition.VehicleStopStatus.STOPPED_AT,
          timestamp: ts,
        },
      },
      {
        id: 't-BUS01',
        tripUpdate: {
          trip: { tripId: '1-WD-0-0800', startDate: '20261207' },
          vehicle: { id: 'BUS01' },
          delay: 120,
          stopTimeUpdate: [
            { stopSequence: 5, stopId: 'TC011', arrival: { delay: 120 } },
            { stopSequence: 6, stopId: 'TC012', arrival: { delay: 120 } },
            { stopSequence: 7, stopId: 'TC013', arrival: { delay: 180 } },
            { stopSequence: 8, stopId: 'TC014', arrival: { delay: 180 } },
          ],
        },
      },
      {
        id: 'v-BUS02',
        vehicle: {
          trip: { tripId: 'K1-WD-0', startDate: '20261207', startTime: '08:06:00', directionId: 0, routeId: 'K1' },
          vehicle: { id: 'BUS02' },
          position: { latitude: 31.2135, longitude: 107.496 },
          currentStopSequence: 2,
          timestamp: ts,
        },
      },
    ],
  });
  return rt.FeedMessage.encode(msg).finish();
}

/** A bus company on loopback answering every call with `body` as `type`. */
async function serve(body: () => Uint8Array | string, type: string, status = 200): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.statusCode = status;
    res.setHeader('content-type', type);
    res.end(body());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('BusConnector (app.bus)', () => {
  const ts = Math.floor(Date.now() / 1000);
  let good: Awaited<ReturnType<typeof serve>>;
  let garbage: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    good = await serve(() => feedBytes(ts), 'application/x-protobuf');
    garbage = await serve(() => 'this is not a protobuf message at all', 'application/x-protobuf');
  });
  afterAll(async () => {
    await good?.close();
    await garbage?.close();
  });

  it('decodes the FeedMessage into vehicles and trip instances with their delays', async () => {
    const snap = await new BusConnector(clientFor(good.url)).feed('511700');
    expect(snap.timestamp).toBe(ts * 1000);
    expect(snap.vehicles).toHaveLength(2);
    expect(snap.vehicles[0]).toMatchObject({ vehicleId: 'BUS01', label: '川S·D1001', tripId: '1-WD-0-0800', startDate: '20261207', bearing: 90, stopId: 'TC010', currentSequence: 4, atStop: true });
    expect(snap.vehicles[0]!.lat).toBeCloseTo(31.2205, 5);
    expect(snap.vehicles[0]!.lng).toBeCloseTo(107.485, 5);
    // GTFS-RT's rule: a delay holds downstream until the next change, so only the changes are kept.
    expect(snap.trips.get(tripKey('1-WD-0-0800', '20261207'))).toEqual({ delayS: 120, stopDelays: [[5, 120], [7, 180]], vehicleId: 'BUS01', currentSequence: 4, atStop: true });
    // A frequency instance is told apart by its start time.
    expect(snap.trips.get(tripKey('K1-WD-0', '20261207', '08:06:00'))).toMatchObject({ vehicleId: 'BUS02', currentSequence: 2, atStop: false, stopDelays: [] });
    expect(snap.trips.has(tripKey('K1-WD-0', '20261207'))).toBe(false);
  });

  it('the snapshot survives JSON (what the shared store keeps)', () => {
    const snap = snapshotOf(feedBytes(ts));
    const back = JSON.parse(JSON.stringify({ v: snap.vehicles, r: [...snap.trips] })) as { v: unknown; r: [string, unknown][] };
    expect(new Map(back.r)).toEqual(snap.trips);
    expect(back.v).toEqual(snap.vehicles);
  });

  it('a body that is not a FeedMessage → 502 PARTNER_BAD_ANSWER', async () => {
    const err = await failure(new BusConnector(clientFor(garbage.url)).feed('511700'));
    expect([err.statusCode, err.code]).toEqual([502, 'PARTNER_BAD_ANSWER']);
    expect(err.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('a JSON answer where protobuf was expected → 502; a fault → 503 in the bus company’s words', async () => {
    const json = await startStubPartner(() => ({ code: EnvelopeCode.OK, message: 'ok', data: { vehicles: [] } }));
    const down = await startStubPartner(() => ({ code: EnvelopeCode.INTERNAL, message: 'down', data: null }));
    try {
      expect((await failure(new BusConnector(json.client).feed('511700'))).code).toBe('PARTNER_BAD_ANSWER');
      const err = await failure(new BusConnector(down.client).feed('511700'));
      expect([err.statusCode, err.code, err.message]).toEqual([503, 'PARTNER_UNAVAILABLE', BUS_UNAVAILABLE]);
    } finally {
      await json.close();
      await down.close();
    }
  });
});
