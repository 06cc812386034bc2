// A city-scale GTFS feed, generated (issue 13's scale requirement: 10,000+ stops, 1,000,000+
// stop_times). A grid city around 达州's coordinates: stops 300 m apart, straight east–west and
// north–south lines of `stopsPerRoute` stops that cross each other at shared stops (so journeys
// need transfers), both directions, daily service from 05:30 to past midnight at a headway per
// line, a tenth of the lines run by frequency (frequencies.txt), one shape per line and direction,
// a holiday exception, and transfers at a few hubs. Deterministic for a seed. Every file is written
// as a stream, so generating a few million rows needs little memory.
//
//   node bench/lib/gtfs-city.mjs --dir /tmp/gtfs-city [--zip /tmp/gtfs-city.zip] [--stops 12000 --routes 400]
//
// Used by bench/transit-import.mjs (import time and memory) and the planner bench (helper B).
import { createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** mulberry32: a small seeded PRNG, so the same options give the same feed. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A CSV file written through a buffer: `row(...)` appends, `close()` flushes. Back-pressure honoured. */
function csvFile(path, header) {
  const out = createWriteStream(path);
  let buf = header.join(',') + '\n';
  return {
    async row(...cells) {
      buf += cells.join(',') + '\n';
      if (buf.length > 1 << 20) {
        const ok = out.write(buf);
        buf = '';
        if (!ok) await once(out, 'drain');
      }
    },
    async close() {
      out.end(buf);
      await once(out, 'finish');
    },
  };
}

const hms = (s) => `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;

/**
 * Writes the feed's .txt files into `dir` and, with `zip`, a zip of them (yazl).
 * Returns the counts written.
 */
export async function generateCityFeed({
  dir,
  zip = null,
  stops = 12000,
  routes = 400,
  stopsPerRoute = 40,
  /** seconds between departures of a timetabled line, each direction */
  headwayS = 1500,
  firstS = 5 * 3600 + 1800,
  /** the last departures run past midnight (GTFS times over 24:00) */
  lastS = 23 * 3600 + 40 * 60,
  seed = 13,
  origin = [31.16, 107.42],
  spacingM = 300,
} = {}) {
  mkdirSync(dir, { recursive: true });
  const rnd = prng(seed);
  const cols = Math.ceil(Math.sqrt(stops));
  const rows = Math.ceil(stops / cols);
  const fullRows = Math.floor(stops / cols);
  if (stopsPerRoute > Math.min(cols, fullRows)) throw new Error(`stopsPerRoute ${stopsPerRoute} does not fit a ${cols}×${fullRows} grid`);
  const dLat = spacingM / 111_320;
  const dLng = spacingM / (111_320 * Math.cos((origin[0] * Math.PI) / 180));
  const pos = (r, c) => [+(origin[0] + r * dLat).toFixed(6), +(origin[1] + c * dLng).toFixed(6)];
  const stopId = (r, c) => `S${r * cols + c}`;

  const agency = csvFile(join(dir, 'agency.txt'), ['agency_id', 'agency_name', 'agency_url', 'agency_timezone']);
  await agency.row('CITY', '网格市公交（压测生成）', 'https://example.invalid', 'Asia/Shanghai');
  await agency.close();

  const stopsF = csvFile(join(dir, 'stops.txt'), ['stop_id', 'stop_name', 'stop_lat', 'stop_lon', 'location_type', 'parent_station']);
  for (let i = 0; i < stops; i++) {
    const r = Math.floor(i / cols);
    const c = i % cols;
    const [lat, lng] = pos(r, c);
    await stopsF.row(stopId(r, c), `第${r + 1}街${c + 1}号`, lat, lng, 0, '');
  }
  await stopsF.close();

  const cal = csvFile(join(dir, 'calendar.txt'), ['service_id', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'start_date', 'end_date']);
  await cal.row('DAILY', 1, 1, 1, 1, 1, 1, 1, '20260101', '20301231');
  await cal.close();
  const dates = csvFile(join(dir, 'calendar_dates.txt'), ['service_id', 'date', 'exception_type']);
  await dates.row('DAILY', '20270101', 2);
  await dates.row('HOLIDAY', '20270101', 1);
  await dates.close();

  const routesF = csvFile(join(dir, 'routes.txt'), ['route_id', 'agency_id', 'route_short_name', 'route_long_name', 'route_type', 'route_color']);
  const tripsF = csvFile(join(dir, 'trips.txt'), ['route_id', 'service_id', 'trip_id', 'trip_headsign', 'direction_id', 'shape_id']);
  const timesF = csvFile(join(dir, 'stop_times.txt'), ['trip_id', 'arrival_time', 'departure_time', 'stop_id', 'stop_sequence']);
  const shapesF = csvFile(join(dir, 'shapes.txt'), ['shape_id', 'shape_pt_lat', 'shape_pt_lon', 'shape_pt_sequence']);
  const freqF = csvFile(join(dir, 'frequencies.txt'), ['trip_id', 'start_time', 'end_time', 'headway_secs']);
  let trips = 0;
  let stopTimes = 0;
  const hubs = [];
  for (let k = 0; k < routes; k++) {
    const horizontal = k % 2 === 0;
    const line = Math.floor(rnd() * (horizontal ? fullRows : cols));
    const start = Math.floor(rnd() * ((horizontal ? cols : fullRows) - stopsPerRoute + 1));
    const cells = Array.from({ length: stopsPerRoute }, (_, i) => (horizontal ? [line, start + i] : [start + i, line]));
    if (k < 20) hubs.push(cells[Math.floor(stopsPerRoute / 2)]);
    const id = `R${k + 1}`;
    const color = Math.floor(rnd() * 0xffffff).toString(16).padStart(6, '0').toUpperCase();
    await routesF.row(id, 'CITY', `${k + 1}路`, `${stopId(...cells[0])}—${stopId(...cells[stopsPerRoute - 1])}`, 3, color);
    // Running times between neighbours: 60–100 s, the same for every trip of the line.
    const hops = Array.from({ length: stopsPerRoute - 1 }, () => 60 + Math.floor(rnd() * 41));
    const byFrequency = k % 10 === 9;
    const headway = Math.round((headwayS * (0.6 + rnd() * 0.8)) / 60) * 60;
    for (const dir of [0, 1]) {
      const seq = dir === 0 ? cells : [...cells].reverse();
      const shape = `${id}-${dir}`;
      for (let i = 0; i < seq.length; i++) {
        const [lat, lng] = pos(...seq[i]);
        await shapesF.row(shape, lat, lng, i + 1);
      }
      const hop = dir === 0 ? hops : [...hops].reverse();
      const writeTrip = async (tripId, startS) => {
        await tripsF.row(id, 'DAILY', tripId, `往${stopId(...seq[seq.length - 1])}`, dir, shape);
        let t = startS;
        for (let i = 0; i < seq.length; i++) {
          if (i > 0) t += hop[i - 1];
          const dwell = i > 0 && i < seq.length - 1 ? 20 : 0;
          // Every fifth stop is not a timepoint (left empty: the import interpolates it).
          const timed = i === 0 || i === seq.length - 1 || i % 5 !== 0;
          await timesF.row(tripId, timed ? hms(t) : '', timed ? hms(t + dwell) : '', stopId(...seq[i]), i + 1);
          t += dwell;
          stopTimes++;
        }
        trips++;
      };
      if (byFrequency) {
        const tripId = `${id}-${dir}-F`;
        await writeTrip(tripId, firstS);
        await freqF.row(tripId, hms(firstS), hms(lastS), Math.max(300, Math.round(headway / 3 / 60) * 60));
      } else {
        const offset = Math.floor(rnd() * headway);
        let n = 0;
        for (let s = firstS + offset; s <= lastS; s += headway) await writeTrip(`${id}-${dir}-${n++}`, s);
      }
    }
  }
  for (const f of [routesF, tripsF, timesF, shapesF, freqF]) await f.close();

  const transfers = csvFile(join(dir, 'transfers.txt'), ['from_stop_id', 'to_stop_id', 'transfer_type', 'min_transfer_time']);
  for (const [r, c] of hubs) if (c + 1 < cols) await transfers.row(stopId(r, c), stopId(r, c + 1), 2, 180);
  await transfers.close();

  if (zip) await zipDir(dir, zip);
  return { dir, zip, stops, routes, trips, stopTimes, grid: [rows, cols] };
}

/** Zips the feed's .txt files (yazl, streamed from disk). */
export async function zipDir(dir, zipPath) {
  const { default: yazl } = await import('yazl');
  const { readdirSync } = await import('node:fs');
  const z = new yazl.ZipFile();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.txt'))) z.addFile(join(dir, name), name);
  z.end();
  const out = createWriteStream(zipPath);
  z.outputStream.pipe(out);
  await once(out, 'finish');
  return zipPath;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : dflt;
  };
  const started = Date.now();
  const res = await generateCityFeed({
    dir: arg('dir', '/tmp/gtfs-city'),
    zip: arg('zip', null),
    stops: Number(arg('stops', 12000)),
    routes: Number(arg('routes', 400)),
    stopsPerRoute: Number(arg('stops-per-route', 40)),
  });
  console.log(JSON.stringify({ ...res, seconds: (Date.now() - started) / 1000 }));
}
