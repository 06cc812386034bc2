/**
 * 路线规划's place search: the feed's stops (a station once, not each platform) and the landmarks
 * of transit_places (达州站, 达州市中心医院 …), matched in Chinese, full pinyin or initials
 * ("zhongxin", "dzz"). A stop is offered as `stop:<id>`, a landmark as its point.
 *
 * The stop index is built once per feed (pinyin of a few thousand names takes milliseconds, but not
 * on every keystroke); the landmarks are read at most once a minute per process.
 */
import type { PlaceListResponse, PlaceView } from '@dz/contracts';
import type { AppContext } from '../../infra/context.js';
import { TtlCache } from '../../infra/ttl-cache.js';
import { normalise, pinyinForms } from '../search/search-index.js';
import { distanceMeters } from './planner/geo.js';
import { routeDisplayName } from './planner/timetable.js';
import type { TransitTimetable } from './planner/types.js';
import { PlacesRepository, type TransitPlaceRow } from './places.repository.js';
import type { SiteTimetables } from './site-timetable.js';

export const PLACE_LIMIT = 20;
/** A point this close to a landmark is that landmark (the H5 sends the value it was given). */
const SAME_POINT_M = 5;

interface Entry {
  kind: 'stop' | 'place';
  value: string;
  name: string;
  detail: string;
  lat: number;
  lng: number;
  /** normalised name, full pinyin and initials (without spaces), and what else may match (an address) */
  n: string;
  py: string;
  ini: string;
  extra: string;
}

const squash = (s: string) => s.replace(/\s+/g, '');

function entry(e: Omit<Entry, 'n' | 'py' | 'ini' | 'extra'>, extra = ''): Entry {
  const f = pinyinForms(e.name);
  return { ...e, n: squash(normalise(e.name)), py: squash(f.py), ini: squash(f.ini), extra: squash(normalise(extra)) };
}

/** 0 the name itself … 5 only the address; null: no match. */
function score(e: Entry, q: string, latin: boolean): number | null {
  if (e.n === q) return 0;
  if (e.n.startsWith(q)) return 1;
  if (e.n.includes(q)) return 2;
  if (latin) {
    if (e.py.startsWith(q) || e.ini.startsWith(q)) return 3;
    if (e.py.includes(q) || e.ini.includes(q)) return 4;
  }
  if (e.extra.includes(q)) return 5;
  return null;
}

/** '<lat>,<lng>' as the planner's pattern takes it (at most 8 decimals). */
export const pointValue = (lat: number, lng: number) => `${Number(lat.toFixed(6))},${Number(lng.toFixed(6))}`;

export class PlacesService {
  private readonly stopIndexes = new Map<number, Entry[]>();
  private readonly landmarks = new TtlCache<Promise<{ rows: TransitPlaceRow[]; entries: Entry[] }>>(60_000, 50);

  constructor(
    private readonly ctx: Pick<AppContext, 'db' | 'sites'>,
    private readonly timetables: SiteTimetables,
  ) {}

  private stopEntries(tt: TransitTimetable): Entry[] {
    const kept = this.stopIndexes.get(tt.feedId);
    if (kept) return kept;
    const groups = new Map<string, { id: string; name: string; lat: number; lng: number; lines: Set<string> }>();
    for (const s of tt.stops()) {
      // A platform of a station is offered as the station: the planner boards at whichever platform fits.
      const parent = s.parentId ? tt.stop(s.parentId) : undefined;
      const head = parent ?? s;
      const key = parent ? `station:${parent.id}` : `name:${s.name}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { id: head.id, name: head.name, lat: head.lat, lng: head.lng, lines: new Set() }));
      for (const r of tt.routesAt(s.id)) g.lines.add(routeDisplayName(r.route));
    }
    const entries = [...groups.values()].map((g) => {
      const lines = [...g.lines];
      const detail = lines.length === 0 ? '公交站' : lines.length > 6 ? `${lines.slice(0, 6).join('、')} 等 ${lines.length} 条线路` : lines.join('、');
      return entry({ kind: 'stop', value: `stop:${g.id}`, name: g.name, detail, lat: g.lat, lng: g.lng });
    });
    // One feed per site is in service; the previous one's index goes when a new feed arrives.
    if (this.stopIndexes.size >= 4) this.stopIndexes.clear();
    this.stopIndexes.set(tt.feedId, entries);
    return entries;
  }

  private landmarksOf(feedSite: string): Promise<{ rows: TransitPlaceRow[]; entries: Entry[] }> {
    let p = this.landmarks.get(feedSite, '');
    if (!p) {
      p = (async () => {
        const rows = await new PlacesRepository(this.ctx.db).ofSites(await this.ctx.sites.subtree(feedSite));
        const entries = rows.map((r) => entry({ kind: 'place', value: pointValue(r.lat, r.lng), name: r.name, detail: r.address, lat: r.lat, lng: r.lng }, `${r.address} ${r.keywords}`));
        return { rows, entries };
      })();
      p.catch(() => this.landmarks.delete(feedSite));
      this.landmarks.set(feedSite, '', p);
    }
    return p;
  }

  async search(q: string, site: string | undefined): Promise<PlaceListResponse> {
    const { tt, feedSite } = await this.timetables.require(site);
    const term = squash(normalise(q));
    if (!term) return { items: [] };
    const latin = /^[a-z0-9]+$/.test(term);
    const hits: { e: Entry; s: number }[] = [];
    for (const e of [...(await this.landmarksOf(feedSite)).entries, ...this.stopEntries(tt)]) {
      const s = score(e, term, latin);
      if (s !== null) hits.push({ e, s });
    }
    hits.sort((a, b) => a.s - b.s || (a.e.kind === b.e.kind ? 0 : a.e.kind === 'place' ? -1 : 1) || a.e.name.length - b.e.name.length || a.e.name.localeCompare(b.e.name, 'zh-CN'));
    return { items: hits.slice(0, PLACE_LIMIT).map(({ e }): PlaceView => ({ kind: e.kind, value: e.value, name: e.name, detail: e.detail, lat: e.lat, lng: e.lng })) };
  }

  /** The landmark at a point (within a few metres), for naming a plan's start or end. */
  async nameAt(feedSite: string, lat: number, lng: number): Promise<string | undefined> {
    const { rows } = await this.landmarksOf(feedSite);
    return rows.find((r) => distanceMeters(r.lat, r.lng, lat, lng) <= SAME_POINT_M)?.name;
  }
}
