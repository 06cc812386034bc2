#!/usr/bin/env node
/**
 * Writes the demo GTFS feed for 达州 (演示 — invented lines and times on real street names) into
 * this folder: `node data/gtfs/dazhou-demo/generate.mjs`. Deterministic (fixed seed), no
 * dependencies, so the committed .txt files are exactly its output and a re-run changes nothing
 * (`generate.mjs <dir>` writes elsewhere; the sandbox's bus tests compare that with the committed files).
 * README.md documents the ids the seed, the sandbox bus company and the tests rely on — keep the
 * two in step.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This folder, or the directory given as the first argument (the check that the files are current). */
const OUT = process.argv[2] ?? dirname(fileURLToPath(import.meta.url));
const START_DATE = '20260101';
const END_DATE = '20301231';

/** mulberry32: a tiny seeded generator, so the feed is the same on every run. */
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
const random = prng(13_0513);

// ---------------------------------------------------------------------------------------------
// Stops. [id, name, lat, lng, district street note]. Positions are approximate (WGS-84) around
// 通川区 (≈31.21, 107.50) and 达川区 (≈31.20, 107.51); the hub ids are fixed by README.md.
// ---------------------------------------------------------------------------------------------
const STATION = { id: 'TC001', name: '达州站', lat: 31.217, lng: 107.479, desc: '通川区 西外 达州火车站' };
const STOPS = [
  ['TC001A', '达州站（1站台）', 31.2174, 107.4786, '通川区 达州火车站北侧公交站台'],
  ['TC001B', '达州站（2站台）', 31.2166, 107.4795, '通川区 达州火车站南侧公交站台'],
  ['TC002', '站前路', 31.2186, 107.4812, '通川区 站前路'],
  ['TC003', '西外大街', 31.2196, 107.4830, '通川区 西外大街'],
  ['TC004', '西外大街东', 31.2182, 107.4876, '通川区 西外大街东段'],
  ['TC005', '朝阳西路', 31.2152, 107.4905, '通川区 朝阳西路'],
  ['TC006', '荷叶街', 31.2143, 107.4932, '通川区 荷叶街口'],
  ['TC009', '西外南街', 31.2168, 107.4846, '通川区 西外南街'],
  ['TC010', '西外', 31.2205, 107.4850, '通川区 西外大街与来凤路口'],
  ['TC011', '来凤路', 31.2214, 107.4878, '通川区 来凤路'],
  ['TC012', '通川北路口', 31.2222, 107.4905, '通川区 通川北路北段'],
  ['TC013', '北门', 31.2205, 107.4928, '通川区 北门'],
  ['TC014', '通川北路', 31.2178, 107.4945, '通川区 通川北路'],
  ['TC015', '人民公园', 31.2158, 107.4952, '通川区 通川北路人民公园'],
  ['TC020', '朝阳中路', 31.2135, 107.4960, '通川区 朝阳中路'],
  ['TC021', '大西街', 31.2122, 107.4975, '通川区 大西街'],
  ['TC022', '朝阳东路', 31.2140, 107.5010, '通川区 朝阳东路'],
  ['TC023', '东门', 31.2150, 107.5045, '通川区 东门'],
  ['TC024', '东外', 31.2165, 107.5075, '通川区 东外'],
  ['TC025', '华蓥山路', 31.2190, 107.5095, '通川区 华蓥山路'],
  ['TC026', '凤凰山公园', 31.2210, 107.5110, '通川区 凤凰山公园'],
  ['TC027', '复兴路', 31.2118, 107.5040, '通川区 复兴路'],
  ['TC030', '达州市中心医院', 31.2110, 107.4990, '通川区 南岳庙街 达州市中心医院'],
  ['TC031', '通川中路', 31.2092, 107.4985, '通川区 通川中路'],
  ['TC032', '通川南路', 31.2070, 107.4975, '通川区 通川南路'],
  ['TC033', '滨河路', 31.2050, 107.4960, '通川区 滨河路'],
  ['TC034', '州河大桥', 31.2025, 107.4950, '通川区 州河大桥北'],
  ['TC035', '十字街', 31.2100, 107.4955, '通川区 十字街'],
  ['TC036', '中山街', 31.2082, 107.4940, '通川区 中山街'],
  ['TC040', '西环路', 31.2130, 107.4830, '通川区 西环路'],
  ['TC041', '西圣寺', 31.2095, 107.4830, '通川区 西圣寺'],
  ['TC042', '塔沱路口', 31.2060, 107.4850, '通川区 塔沱路口'],
  ['TC043', '南坝', 31.2025, 107.4880, '通川区 南坝'],
  ['TC044', '南外西', 31.2000, 107.4905, '通川区 南外 西段'],
  ['TC045', '站南路', 31.2150, 107.4800, '通川区 站南路'],
  ['TC046', '金龙大道', 31.2112, 107.4800, '通川区 金龙大道'],
  ['TC047', '塔沱', 31.2020, 107.4790, '通川区 塔沱'],
  ['TC048', '西圣寺公园', 31.2075, 107.4770, '通川区 西圣寺公园'],
  ['TC049', '塔沱北', 31.2045, 107.4780, '通川区 塔沱北街'],
  ['TC050', '南外', 31.1990, 107.4930, '通川区 南外 南大街'],
  ['TC051', '南外济民医院', 31.1985, 107.4965, '通川区 南外 济民医院'],
  ['TC052', '南外汽车站', 31.1950, 107.4935, '通川区 南外汽车站'],
  ['TC053', '杨柳街', 31.1965, 107.4900, '通川区 南外 杨柳街'],
  ['TC060', '凤凰大道', 31.2230, 107.5120, '通川区 凤凰大道'],
  ['TC061', '凤凰大道北', 31.2262, 107.5140, '通川区 凤凰大道北段'],
  ['TC062', '金山大道', 31.2290, 107.5160, '通川区 金山大道'],
  ['TC070', '北外', 31.2320, 107.4960, '通川区 北外'],
  ['TC071', '北外镇', 31.2295, 107.4955, '通川区 北外镇'],
  ['TC072', '罗江路口', 31.2270, 107.4950, '通川区 罗江路口'],
  ['TC073', '北环路', 31.2245, 107.4948, '通川区 北环路'],
  ['TC074', '盘石路', 31.2345, 107.4985, '通川区 盘石路'],
  ['TC080', '莲湖公园', 31.2185, 107.5035, '通川区 莲湖公园'],
  ['TC081', '健康路', 31.2160, 107.5020, '通川区 健康路'],
  ['TC082', '南门', 31.2085, 107.5010, '通川区 南门'],
  ['TC083', '滨江路', 31.2055, 107.5030, '通川区 滨江路'],
  ['TC084', '州河二桥', 31.2020, 107.5050, '通川区 州河二桥北'],
  ['TC085', '体育中心', 31.2205, 107.5050, '通川区 体育中心'],
  ['TC086', '市政府', 31.2225, 107.5015, '通川区 达州市人民政府'],
  ['TC090', '东外大街', 31.2130, 107.5080, '通川区 东外大街'],
  ['TC091', '仁和路', 31.2100, 107.5095, '通川区 仁和路'],
  ['TC092', '马踏洞', 31.2060, 107.5120, '通川区 马踏洞'],
  ['TC093', '金山大桥', 31.2010, 107.5130, '通川区 金山大桥北'],
  ['TC094', '张家湾', 31.2230, 107.4820, '通川区 张家湾'],
  ['TC095', '火车站路', 31.2200, 107.4790, '通川区 火车站路'],
  ['DC001', '三里坪', 31.1960, 107.5110, '达川区 三里坪'],
  ['DC002', '金南大道', 31.1975, 107.5010, '达川区 金南大道'],
  ['DC003', '翠屏路', 31.1968, 107.5060, '达川区 翠屏路'],
  ['DC004', '达川区政府', 31.1935, 107.5140, '达川区 人民政府'],
  ['DC005', '达川中学', 31.1910, 107.5165, '达川区 达川中学'],
  ['DC006', '石板路', 31.1885, 107.5190, '达川区 石板路'],
  ['DC007', '河市路口', 31.1860, 107.5215, '达川区 河市路口'],
  ['DC008', '亭子路', 31.1840, 107.5240, '达川区 亭子路'],
  ['DC010', '长田坝', 31.1830, 107.5020, '达川区 长田坝'],
  ['DC011', '长田坝路', 31.1895, 107.4970, '达川区 长田坝路'],
  ['DC012', '永兴路', 31.1860, 107.4995, '达川区 永兴路'],
  ['DC013', '达川区人民医院', 31.1905, 107.5045, '达川区 人民医院'],
  ['DC014', '银杏路', 31.1880, 107.5030, '达川区 银杏路'],
  ['DC015', '长田坝南', 31.1800, 107.5000, '达川区 长田坝南'],
  ['DC016', '达川汽车站', 31.1775, 107.4975, '达川区 达川汽车站'],
  ['DC020', '南滨路', 31.1995, 107.5075, '达川区 南滨路'],
  ['DC021', '达川北门', 31.1988, 107.5090, '达川区 北门'],
  ['DC030', '北滨路', 31.1985, 107.5125, '达川区 北滨路'],
  ['DC031', '西外街', 31.1955, 107.5075, '达川区 西外街'],
  ['DC032', '金南大道南', 31.1935, 107.5020, '达川区 金南大道南段'],
  ['DC033', '明月江路', 31.1915, 107.5095, '达川区 明月江路'],
  ['DC034', '滨江大道', 31.1890, 107.5120, '达川区 滨江大道'],
  ['DC035', '南外街', 31.1860, 107.5090, '达川区 南外街'],
].map(([id, name, lat, lng, desc]) => ({ id, name, lat, lng, desc }));
const stopById = new Map(STOPS.map((s) => [s.id, s]));

// ---------------------------------------------------------------------------------------------
// Lines. `stops` is direction 0 (from the first-named terminus); direction 1 runs it backwards.
// `speedKmh` is the street speed between stops, `dwellS` the stop time at each intermediate stop.
// Timetable lines list [first, last, headway minutes] windows per service; K1 runs by frequency.
// ---------------------------------------------------------------------------------------------
const LINES = [
  {
    id: '1', short: '1路', long: '达州站—三里坪', color: 'E53935',
    stops: ['TC001A', 'TC002', 'TC003', 'TC010', 'TC011', 'TC012', 'TC013', 'TC014', 'TC015', 'TC020', 'TC021', 'TC030', 'TC031', 'TC032', 'TC033', 'TC034', 'TC050', 'TC051', 'DC002', 'DC003', 'DC001'],
    speedKmh: 17, dwellS: 20,
    service: { WD: [['06:00', '22:30', 10]], WE: [['06:30', '22:00', 15]] },
  },
  {
    id: '2', short: '2路', long: '西外—凤凰大道', color: '1E88E5',
    stops: ['TC010', 'TC004', 'TC005', 'TC006', 'TC020', 'TC022', 'TC023', 'TC024', 'TC025', 'TC026', 'TC060', 'TC061', 'TC062'],
    speedKmh: 16, dwellS: 20,
    service: { WD: [['06:00', '22:30', 12]], WE: [['06:30', '22:00', 20]] },
  },
  {
    id: '3', short: '3路', long: '达州站—长田坝', color: '43A047',
    stops: ['TC001A', 'TC002', 'TC010', 'TC009', 'TC040', 'TC041', 'TC042', 'TC043', 'TC044', 'TC050', 'TC053', 'TC052', 'DC011', 'DC012', 'DC010', 'DC015', 'DC016'],
    speedKmh: 19, dwellS: 20,
    service: { WD: [['06:00', '22:30', 15]], WE: [['06:30', '22:00', 20]] },
  },
  {
    id: '5', short: '5路', long: '北外—长田坝', color: 'FB8C00',
    stops: ['TC074', 'TC070', 'TC071', 'TC072', 'TC073', 'TC013', 'TC014', 'TC015', 'TC020', 'TC035', 'TC036', 'TC030', 'TC031', 'TC032', 'TC034', 'TC050', 'TC052', 'DC011', 'DC014', 'DC010'],
    speedKmh: 17, dwellS: 20,
    service: { WD: [['06:00', '22:30', 12]], WE: [['06:30', '22:00', 20]] },
  },
  {
    id: '6', short: '6路', long: '莲湖公园—三里坪', color: '8E24AA',
    stops: ['TC086', 'TC080', 'TC081', 'TC022', 'TC030', 'TC082', 'TC083', 'TC084', 'DC020', 'DC021', 'DC001', 'DC004', 'DC005', 'DC006', 'DC007', 'DC008'],
    speedKmh: 17, dwellS: 20,
    service: { WD: [['06:00', '22:30', 15]], WE: [['06:30', '22:00', 20]] },
  },
  {
    id: '8', short: '8路', long: '张家湾—塔沱', color: '00897B',
    stops: ['TC094', 'TC095', 'TC001B', 'TC045', 'TC040', 'TC046', 'TC041', 'TC048', 'TC049', 'TC047'],
    speedKmh: 18, dwellS: 20,
    service: { WD: [['06:00', '22:30', 15]], WE: [['06:30', '22:00', 20]] },
  },
  {
    id: '10', short: '10路', long: '凤凰大道—长田坝', color: '6D4C41',
    stops: ['TC060', 'TC026', 'TC085', 'TC024', 'TC090', 'TC027', 'TC091', 'TC092', 'TC093', 'DC030', 'DC031', 'DC002', 'DC032', 'DC013', 'DC014', 'DC010'],
    speedKmh: 18, dwellS: 20,
    service: { WD: [['06:00', '22:30', 15]], WE: [['06:30', '22:00', 20]] },
  },
  {
    id: '12', short: '12路', long: '长田坝—东门', color: 'F4511E',
    stops: ['DC010', 'DC014', 'DC013', 'DC035', 'DC034', 'DC033', 'DC004', 'DC001', 'DC021', 'DC020', 'TC084', 'TC083', 'TC082', 'TC027', 'TC023'],
    speedKmh: 18, dwellS: 20,
    service: { WD: [['06:30', '22:00', 15]], WE: [['07:00', '21:30', 20]] },
  },
  {
    id: 'K1', short: 'K1', long: '快速公交K1 达州站—三里坪', color: 'D81B60',
    stops: ['TC001B', 'TC010', 'TC005', 'TC020', 'TC050', 'DC002', 'DC001'],
    speedKmh: 26, dwellS: 30,
    frequency: { WD: [['06:30', '09:30', 6], ['09:30', '17:00', 10], ['17:00', '21:30', 8]], WE: [['07:00', '21:00', 10]] },
  },
  {
    id: 'N1', short: '夜班N1', long: '夜班N1 达州站—三里坪', color: '283593',
    stops: ['TC001A', 'TC002', 'TC003', 'TC010', 'TC011', 'TC012', 'TC013', 'TC014', 'TC015', 'TC020', 'TC021', 'TC030', 'TC031', 'TC032', 'TC033', 'TC034', 'TC050', 'TC051', 'DC002', 'DC003', 'DC001'],
    speedKmh: 24, dwellS: 10,
    service: { WD: [['21:30', '29:30', 30]], WE: [['21:30', '29:30', 30]] },
  },
];

// ---------------------------------------------------------------------------------------------
// Geometry
// ---------------------------------------------------------------------------------------------
function metres(a, b) {
  const R = 6_371_000;
  const rad = Math.PI / 180;
  const dLat = (b[0] - a[0]) * rad;
  const dLng = (b[1] - a[1]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

/**
 * Street corners between two stops: when a hop runs diagonally the bus turns once at a corner
 * (chosen by the seeded generator, so the map shows streets rather than straight lines). Corners
 * are shared by both directions so the line looks the same both ways. A corner is remembered per
 * unordered stop pair so two lines on the same street draw the same street.
 */
const corners = new Map();
function cornerBetween(a, b) {
  const key = a.id < b.id ? `${a.id}|${b.id}` : `${b.id}|${a.id}`;
  if (!corners.has(key)) {
    const dLat = Math.abs(a.lat - b.lat);
    const dLng = Math.abs(a.lng - b.lng);
    // Only a clearly diagonal hop gets a corner; a short or straight one is a straight street.
    if (dLat < 0.0006 || dLng < 0.0006) corners.set(key, null);
    else {
      const [p, q] = a.id < b.id ? [a, b] : [b, a];
      corners.set(key, random() < 0.5 ? [p.lat, q.lng] : [q.lat, p.lng]);
    }
  }
  return corners.get(key);
}

/** Shape points of a stop sequence with the stop's index in the points (for shape_dist_traveled). */
function shapeOf(stopIds) {
  const points = [];
  const stopPointIndex = [];
  stopIds.forEach((id, i) => {
    const s = stopById.get(id);
    if (i > 0) {
      const c = cornerBetween(stopById.get(stopIds[i - 1]), s);
      if (c) points.push(c);
    }
    stopPointIndex.push(points.length);
    points.push([s.lat, s.lng]);
  });
  const dist = [0];
  for (let i = 1; i < points.length; i++) dist.push(dist[i - 1] + metres(points[i - 1], points[i]));
  return { points, dist, stopDist: stopPointIndex.map((i) => dist[i]) };
}

// ---------------------------------------------------------------------------------------------
// Times
// ---------------------------------------------------------------------------------------------
const toS = (hhmm) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 3600 + m * 60;
};
const fmt = (s) => {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
};
const hhmm = (s) => fmt(s).slice(0, 5).replace(':', '');

/**
 * Rush-hour factor on running times: buses are slower 07:00–09:00 and 17:00–19:00. Trips of one
 * line never overtake each other (the factor is at most 1.15 and no trip runs longer than the
 * headway could absorb), which a planner may rely on.
 */
function rush(departureS) {
  const h = departureS / 3600;
  return (h >= 7 && h < 9) || (h >= 17 && h < 19) ? 1.15 : 1;
}

/**
 * Stop times of one trip starting at `startS`: [arrival, departure] per stop. Running times are
 * rounded to whole 10 s so the timetable reads like a real one.
 */
function tripTimes(line, shape, startS) {
  const factor = rush(startS);
  const times = [];
  let t = startS;
  for (let i = 0; i < shape.stopDist.length; i++) {
    if (i > 0) {
      const hop = shape.stopDist[i] - shape.stopDist[i - 1];
      t += Math.max(30, Math.round(((hop / (line.speedKmh / 3.6)) * factor) / 10) * 10);
    }
    const last = i === shape.stopDist.length - 1;
    const dwell = i === 0 || last ? 0 : line.dwellS;
    times.push([t, t + dwell]);
    t += dwell;
  }
  return times;
}

// ---------------------------------------------------------------------------------------------
// Build the tables
// ---------------------------------------------------------------------------------------------
const routes = [];
const trips = [];
const stopTimes = [];
const frequencies = [];
const shapes = [];

for (const line of LINES) {
  routes.push({
    route_id: line.id,
    agency_id: 'DZBUS',
    route_short_name: line.short,
    route_long_name: line.long,
    route_desc: line.frequency ? '演示线路，按发车间隔运营' : '演示线路',
    route_type: 3,
    route_color: line.color,
    route_text_color: 'FFFFFF',
  });
  for (const direction of [0, 1]) {
    const stopIds = direction === 0 ? line.stops : [...line.stops].reverse();
    const shape = shapeOf(stopIds);
    const shapeId = `${line.id}-${direction}`;
    shape.points.forEach((p, i) =>
      shapes.push({ shape_id: shapeId, shape_pt_lat: p[0].toFixed(6), shape_pt_lon: p[1].toFixed(6), shape_pt_sequence: i + 1, shape_dist_traveled: shape.dist[i].toFixed(1) }),
    );
    const headsign = stopById.get(stopIds[stopIds.length - 1]).name.replace(/（.*）$/, '');
    const addTrip = (tripId, serviceId, startS) => {
      trips.push({ route_id: line.id, service_id: serviceId, trip_id: tripId, trip_headsign: headsign, direction_id: direction, shape_id: shapeId });
      tripTimes(line, shape, startS).forEach(([arr, dep], i) =>
        stopTimes.push({
          trip_id: tripId,
          arrival_time: fmt(arr),
          departure_time: fmt(dep),
          stop_id: stopIds[i],
          stop_sequence: i + 1,
          shape_dist_traveled: shape.stopDist[i].toFixed(1),
        }),
      );
    };
    if (line.frequency) {
      for (const [serviceId, windows] of Object.entries(line.frequency)) {
        const tripId = `${line.id}-${serviceId}-${direction}`;
        // The template's times start at the first window; instances shift them to each start.
        addTrip(tripId, serviceId, toS(windows[0][0]));
        for (const [from, to, minutes] of windows) {
          frequencies.push({ trip_id: tripId, start_time: fmt(toS(from)), end_time: fmt(toS(to)), headway_secs: minutes * 60, exact_times: 0 });
        }
      }
    } else {
      for (const [serviceId, windows] of Object.entries(line.service)) {
        for (const [first, last, minutes] of windows) {
          // Direction 1 starts a few minutes later so the two termini do not mirror each other.
          const offset = direction === 1 ? Math.round(minutes / 3) * 60 : 0;
          for (let s = toS(first) + offset; s <= toS(last); s += minutes * 60) addTrip(`${line.id}-${serviceId}-${direction}-${hhmm(s)}`, serviceId, s);
        }
      }
    }
  }
}

const servingLines = new Map();
for (const line of LINES) for (const id of line.stops) servingLines.set(id, [...(servingLines.get(id) ?? []), line.id]);
for (const s of STOPS) if (!servingLines.has(s.id)) throw new Error(`stop ${s.id} is served by no line`);

const stops = [
  { stop_id: STATION.id, stop_name: STATION.name, stop_desc: STATION.desc, stop_lat: STATION.lat.toFixed(6), stop_lon: STATION.lng.toFixed(6), location_type: 1, parent_station: '', wheelchair_boarding: 1 },
  ...STOPS.map((s) => ({
    stop_id: s.id,
    stop_name: s.name,
    stop_desc: s.desc,
    stop_lat: s.lat.toFixed(6),
    stop_lon: s.lng.toFixed(6),
    location_type: 0,
    parent_station: s.id.startsWith('TC001') ? STATION.id : '',
    wheelchair_boarding: 1,
  })),
];

const agency = [
  { agency_id: 'DZBUS', agency_name: '达州市公共交通有限公司（演示）', agency_url: 'https://example.com/dazhou-bus-demo', agency_timezone: 'Asia/Shanghai', agency_lang: 'zh', agency_phone: '0818-0000000' },
];

const calendar = [
  { service_id: 'WD', monday: 1, tuesday: 1, wednesday: 1, thursday: 1, friday: 1, saturday: 0, sunday: 0, start_date: START_DATE, end_date: END_DATE },
  { service_id: 'WE', monday: 0, tuesday: 0, wednesday: 0, thursday: 0, friday: 0, saturday: 1, sunday: 1, start_date: START_DATE, end_date: END_DATE },
];

// Holiday exceptions (README.md): a make-up working Saturday and 元旦 on weekdays.
const calendarDates = [
  { service_id: 'WE', date: '20261219', exception_type: 2 },
  { service_id: 'WD', date: '20261219', exception_type: 1 },
  ...['20270101', '20290101', '20300101'].flatMap((date) => [
    { service_id: 'WD', date, exception_type: 2 },
    { service_id: 'WE', date, exception_type: 1 },
  ]),
];

const transfers = [
  { from_stop_id: 'TC001A', to_stop_id: 'TC001B', transfer_type: 2, min_transfer_time: 120 },
  { from_stop_id: 'TC001B', to_stop_id: 'TC001A', transfer_type: 2, min_transfer_time: 120 },
  { from_stop_id: 'TC020', to_stop_id: 'TC030', transfer_type: 2, min_transfer_time: 360 },
  { from_stop_id: 'TC030', to_stop_id: 'TC020', transfer_type: 2, min_transfer_time: 360 },
];

const feedInfo = [
  { feed_publisher_name: '达州市公共交通有限公司（演示）', feed_publisher_url: 'https://example.com/dazhou-bus-demo', feed_lang: 'zh', feed_start_date: START_DATE, feed_end_date: END_DATE, feed_version: 'dazhou-demo-1' },
];

// ---------------------------------------------------------------------------------------------
// Write
// ---------------------------------------------------------------------------------------------
function csvCell(v) {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
function write(name, rows) {
  const header = Object.keys(rows[0]);
  const lines = [header.join(','), ...rows.map((r) => header.map((h) => csvCell(r[h])).join(','))];
  writeFileSync(join(OUT, name), lines.join('\n') + '\n');
  return rows.length;
}

const counts = {
  'agency.txt': write('agency.txt', agency),
  'stops.txt': write('stops.txt', stops),
  'routes.txt': write('routes.txt', routes),
  'trips.txt': write('trips.txt', trips),
  'stop_times.txt': write('stop_times.txt', stopTimes),
  'calendar.txt': write('calendar.txt', calendar),
  'calendar_dates.txt': write('calendar_dates.txt', calendarDates),
  'frequencies.txt': write('frequencies.txt', frequencies),
  'transfers.txt': write('transfers.txt', transfers),
  'shapes.txt': write('shapes.txt', shapes),
  'feed_info.txt': write('feed_info.txt', feedInfo),
};
console.log(Object.entries(counts).map(([f, n]) => `${f}: ${n}`).join('\n'));
