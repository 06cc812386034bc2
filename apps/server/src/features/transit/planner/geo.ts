/**
 * Distances and walking times of the planner. One function for all of them — footpaths between
 * stops, access / egress from a point, the direct walk — so the brute-force reference of the tests
 * and the planner cannot disagree about what a walk costs.
 */

/** Straight-line (great-circle) distance, metres. */
export function distanceMeters(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** 1.2 m/s ≈ 4.3 km/h: a steady pace for an adult with a bag, slower than a brisk 5 km/h. */
export const WALK_SPEED_MPS = 1.2;
/** Streets are not straight lines: a walk is taken to be 1.25 × the straight-line distance. */
export const WALK_DETOUR = 1.25;
/** Stops this close (straight line) are linked by a walking transfer. */
export const FOOTPATH_RADIUS_M = 400;
/** A point origin / destination walks to stops this close … */
export const ACCESS_RADIUS_M = 800;
/** … at most this many of them, nearest first (enough to reach every line of a busy corner). */
export const ACCESS_MAX_STOPS = 20;
/** Origin and destination this close also get a walk-only itinerary. */
export const DIRECT_WALK_MAX_M = 1_500;
/** Changing buses at the same stop: a minute to get off and find the other bus, unless transfers.txt says otherwise. */
export const SAME_STOP_TRANSFER_S = 60;

/** The walking distance (metres, rounded) for a straight-line distance. */
export function walkMeters(straightM: number): number {
  return Math.round(straightM * WALK_DETOUR);
}
/** The walking time (whole seconds) for a straight-line distance. */
export function walkSeconds(straightM: number): number {
  return Math.round((straightM * WALK_DETOUR) / WALK_SPEED_MPS);
}

/** Length of a polyline [[lat, lng], …], metres. */
export function pathLength(path: readonly (readonly [number, number])[]): number {
  let m = 0;
  for (let i = 1; i < path.length; i++) m += distanceMeters(path[i - 1]![0], path[i - 1]![1], path[i]![0], path[i]![1]);
  return m;
}

/**
 * A grid of ~0.005° cells (≈ 550 m north–south) over the stops: `near` looks at the cells a circle
 * touches instead of every stop, so a 10,000-stop city answers in microseconds.
 */
export class StopGrid {
  private readonly cells = new Map<number, number[]>();
  private static readonly CELL = 0.005;

  constructor(private readonly lats: Float64Array, private readonly lngs: Float64Array) {
    for (let i = 0; i < lats.length; i++) {
      const key = this.key(Math.floor(lats[i]! / StopGrid.CELL), Math.floor(lngs[i]! / StopGrid.CELL));
      const list = this.cells.get(key);
      if (list) list.push(i);
      else this.cells.set(key, [i]);
    }
  }

  private key(row: number, col: number): number {
    // rows (lat) and cols (lng) of a 0.005° grid stay well inside ±2^16, so the pair packs into one number
    return (row + 40_000) * 100_000 + (col + 40_000);
  }

  /** Stop indices within radiusM of the point with their straight-line distance, nearest first. */
  near(lat: number, lng: number, radiusM: number, limit = Infinity): { idx: number; distance: number }[] {
    const dLat = radiusM / 111_000;
    const dLng = radiusM / (111_000 * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
    const r0 = Math.floor((lat - dLat) / StopGrid.CELL);
    const r1 = Math.floor((lat + dLat) / StopGrid.CELL);
    const c0 = Math.floor((lng - dLng) / StopGrid.CELL);
    const c1 = Math.floor((lng + dLng) / StopGrid.CELL);
    const out: { idx: number; distance: number }[] = [];
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const list = this.cells.get(this.key(r, c));
        if (!list) continue;
        for (const i of list) {
          const d = distanceMeters(lat, lng, this.lats[i]!, this.lngs[i]!);
          if (d <= radiusM) out.push({ idx: i, distance: d });
        }
      }
    }
    out.sort((a, b) => a.distance - b.distance || a.idx - b.idx);
    return out.length > limit ? out.slice(0, limit) : out;
  }
}
