import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { DEMO_GTFS_DIR, busFeed, busFeedDir, gtfsTime, serviceRuns } from './feed.js';

const table = (name: string) => parse(readFileSync(join(DEMO_GTFS_DIR, name)), { columns: true, bom: true }) as Record<string, string>[];

describe('the demo GTFS feed (data/gtfs/dazhou-demo)', () => {
  it('is exactly what its generator writes', () => {
    const out = mkdtempSync(join(tmpdir(), 'dz-gtfs-'));
    try {
      execFileSync(process.execPath, [join(DEMO_GTFS_DIR, 'generate.mjs'), out], { stdio: 'pipe' });
      const written = readdirSync(out).sort();
      expect(written).toEqual(readdirSync(DEMO_GTFS_DIR).filter((f) => f.endsWith('.txt')).sort());
      // Compared file by file so a stale file is named in the failure.
      for (const f of written) expect(readFileSync(join(out, f), 'utf8'), `${f} is stale: run node data/gtfs/dazhou-demo/generate.mjs`).toBe(readFileSync(join(DEMO_GTFS_DIR, f), 'utf8'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('has the ids its README promises', () => {
    const stops = new Map(table('stops.txt').map((s) => [s.stop_id!, s]));
    expect(stops.get('TC001')).toMatchObject({ stop_name: '达州站', location_type: '1' });
    expect(stops.get('TC001A')).toMatchObject({ parent_station: 'TC001', location_type: '0' });
    expect(stops.get('TC001B')).toMatchObject({ parent_station: 'TC001', location_type: '0' });
    const names: Record<string, string> = { TC010: '西外', TC020: '朝阳中路', TC030: '达州市中心医院', TC050: '南外', TC060: '凤凰大道', DC001: '三里坪', DC010: '长田坝' };
    for (const [id, name] of Object.entries(names)) expect(stops.get(id)?.stop_name).toBe(name);
    expect(stops.size).toBeGreaterThanOrEqual(80);
    expect(table('agency.txt')[0]).toMatchObject({ agency_id: 'DZBUS', agency_name: '达州市公共交通有限公司（演示）', agency_timezone: 'Asia/Shanghai' });
    expect(table('routes.txt').map((r) => r.route_id)).toEqual(['1', '2', '3', '5', '6', '8', '10', '12', 'K1', 'N1']);
    expect(new Set(table('frequencies.txt').map((f) => f.trip_id))).toEqual(new Set(['K1-WD-0', 'K1-WD-1', 'K1-WE-0', 'K1-WE-1']));
    expect(table('transfers.txt')).toContainEqual({ from_stop_id: 'TC001A', to_stop_id: 'TC001B', transfer_type: '2', min_transfer_time: '120' });

    const feed = busFeed(busFeedDir({}));
    expect(feed.trips.get('1-WD-0-0800')!.arrivals[11]).toBe(gtfsTime('08:18:20'));
    expect(feed.trips.get('1-WD-0-0800')!.stopIds[11]).toBe('TC030');
    expect(feed.trips.get('N1-WD-0-2430')!.arrivals.at(-1)).toBe(gtfsTime('24:51:40'));
    expect(feed.trips.size).toBeLessThan(2500);
    expect([...feed.trips.values()].reduce((n, t) => n + t.stopIds.length, 0)).toBeLessThanOrEqual(40_000);
    // Calendars and exceptions (README "Validity and calendars").
    expect(serviceRuns(feed, 'WD', '20261207')).toBe(true);
    expect(serviceRuns(feed, 'WE', '20261207')).toBe(false);
    expect([serviceRuns(feed, 'WD', '20261219'), serviceRuns(feed, 'WE', '20261219')]).toEqual([true, false]);
    expect([serviceRuns(feed, 'WD', '20270101'), serviceRuns(feed, 'WE', '20270101')]).toEqual([false, true]);
    expect(serviceRuns(feed, 'WD', '20301231')).toBe(true);
    expect(serviceRuns(feed, 'WD', '20310102')).toBe(false);
  });
});
