/**
 * The in-memory search index of one instance: items (事项), apps (服务) and news (资讯).
 *
 * Citizens type Chinese (公积金), full pinyin (gongjijin) or pinyin initials (gjj) — the seed's
 * 搜索 needs all three. Every field is kept in three normalised forms: the text itself, its full
 * pinyin and its initials (pinyin-pro). Candidates come from n-gram posting lists (characters and
 * bigrams for text; bigrams and trigrams for pinyin), then each candidate is verified by substring,
 * so a query matches anywhere inside a name ("gjj" finds 住房公积金提取) without a word
 * segmenter. Pinyin is computed for names and keywords only: nobody spells out body text in
 * pinyin, and it keeps the build fast.
 *
 * Ranking: the best field a term matched in (name > keywords > body; exact and prefix name
 * matches first), summed over the query's terms, then popularity, which can reorder results within
 * a field class but never lift a keywords match above a name match.
 *
 * Updates: a console write changes one document, so the index takes it as one: `upsert` appends
 * the new entry (its grams go to small per-gram overflow lists: entries are numbered in order, so a
 * base list followed by its overflow stays sorted) and leaves the old entry dead; `remove` only
 * marks it dead. Searches skip dead entries. Dead entries and overflow lists are folded away by the
 * next full build (search-index.service.ts starts one when they grow past `needsCompaction`).
 *
 * No database, so bench/search.mjs measures exactly what requests use.
 */
import { pinyin } from 'pinyin-pro';

export type DocKind = 'item' | 'app' | 'news';

export interface SearchDoc<C = unknown> {
  kind: DocKind;
  id: number;
  /** Apps and items: a county row overrides the city row with the same code (nearest site wins). */
  code: string | null;
  siteCode: string;
  name: string;
  keywords: string;
  body: string;
  popularity: number;
  /** Returned as is: the list card the H5 renders. */
  card: C;
}

export interface SearchHit<C = unknown> {
  doc: SearchDoc<C>;
  score: number;
}

interface Forms {
  text: string;
  py: string;
  ini: string;
}

interface Entry {
  doc: SearchDoc;
  name: Forms;
  keywords: Forms;
  body: string;
}

const HAN = /\p{Script=Han}/u;
/** Runs of Han characters, or of latin letters and digits: the units a query is split into. */
const RUNS = /\p{Script=Han}+|[a-z0-9]+/gu;
const MAX_TERMS = 6;

/** Full-width → half-width, lower case: ＧＪＪ, Ｇjj and gjj are the same query. */
export function normalise(s: string): string {
  return s.normalize('NFKC').toLowerCase();
}

/** The terms of a query: Han runs and latin/digit runs, each of which must match. */
export function queryTerms(q: string): string[] {
  return [...new Set(normalise(q).match(RUNS) ?? [])].slice(0, MAX_TERMS);
}

/**
 * Full pinyin and initials of a text, as space-separated runs: separators (spaces, commas of a
 * keyword list) break runs, so a match never spans two keywords. ü is written v, as pinyin IMEs do.
 */
export function pinyinForms(text: string): { py: string; ini: string } {
  if (!text) return { py: '', ini: '' };
  const join = (parts: string[]) => {
    const runs: string[] = [];
    let cur = '';
    for (const p of parts) {
      const s = normalise(p).replace(/ü/g, 'v');
      if (/^[a-z0-9]+$/.test(s)) cur += s;
      else if (cur) {
        runs.push(cur);
        cur = '';
      }
    }
    if (cur) runs.push(cur);
    return runs.join(' ');
  };
  if (!HAN.test(text)) {
    const plain = (normalise(text).match(/[a-z0-9]+/g) ?? []).join(' ');
    return { py: plain, ini: plain };
  }
  return {
    py: join(pinyin(text, { toneType: 'none', type: 'array', v: true })),
    ini: join(pinyin(text, { pattern: 'first', toneType: 'none', type: 'array' })),
  };
}

/**
 * pinyin-pro builds its dictionary on the first call: ~0.2–0.5 s of one uninterrupted task. Done at
 * start-up (before the server listens) instead of inside the first build, where no slice could split it.
 */
export function warmPinyin(): void {
  pinyinForms('达州');
}

function forms(text: string): Forms {
  const t = normalise(text);
  return { text: t, ...pinyinForms(text) };
}

/**
 * The words of `text` a latin query term spells in pinyin or initials ("gjj" → 公积金 in
 * 住房公积金提取, "shuifei" → 水费, "zhuf" → 住房), or null. Only runs of Han characters count: a
 * span never crosses a separator or a latin word. The last syllable may be typed in part.
 */
function hanSpanSpelledBy(text: string, term: string): string | null {
  const chars = Array.from(text);
  if (!chars.some((c) => HAN.test(c))) return null;
  const clean = (p: string) => normalise(p).replace(/ü/g, 'v');
  const py = pinyin(text, { toneType: 'none', type: 'array', v: true }).map(clean);
  const ini = pinyin(text, { pattern: 'first', toneType: 'none', type: 'array' }).map(clean);
  if (py.length !== chars.length || ini.length !== chars.length) return null;
  for (const syllables of [py, ini]) {
    for (let i = 0; i < chars.length; i++) {
      let spelled = '';
      for (let j = i; j < chars.length && HAN.test(chars[j]!); j++) {
        const before = spelled;
        spelled += syllables[j]!;
        if (spelled === term || (spelled.startsWith(term) && term.startsWith(before) && term.length > before.length)) return chars.slice(i, j + 1).join('');
        if (!term.startsWith(spelled)) break;
      }
    }
  }
  return null;
}

/**
 * What 热门搜索 shows for a query that found `doc` (its best hit). Hot terms are shown to every
 * citizen, so they are the Chinese words found, never what was typed: Han terms stay as typed,
 * pinyin and initials become the Han words of the hit's name (or keywords) they spell — "gjj" and
 * "gongjijin" both count as 公积金 — and a term that spells nothing there (digits, an English
 * word) makes the whole entry the hit's name.
 */
export function hotTermFor(q: string, doc: Pick<SearchDoc, 'name' | 'keywords'>): string {
  const words: string[] = [];
  for (const term of queryTerms(q)) {
    if (HAN.test(term)) {
      words.push(term);
      continue;
    }
    const han = hanSpanSpelledBy(doc.name, term) ?? doc.keywords.split(/[\s,，、;；]+/).map((k) => hanSpanSpelledBy(k, term)).find((k) => k !== null);
    if (!han) return doc.name.trim();
    words.push(han);
  }
  return words.length ? [...new Set(words)].join(' ') : doc.name.trim();
}

/** True when a text has a Chinese character: hot terms that have none are typed queries from before. */
export const hasHan = (s: string) => HAN.test(s);

// Posting keys: one letter for the space, then the gram. Text grams are Han or latin characters.
const T = 't';
const P = 'p';
const I = 'i';

function textGramSize(term: string): number {
  return Math.min(2, [...term].length);
}

/** Grams of `s` of sizes `sizes` (1–3), per run (runs never share a gram). Hot path of the build. */
function gramsOf(s: string, sizes: number[], space: string, out: Set<string>): void {
  for (const run of s.match(RUNS) ?? []) {
    const c = Array.from(run);
    const len = c.length;
    for (const n of sizes) {
      if (n === 1) for (let i = 0; i < len; i++) out.add(space + c[i]!);
      else if (n === 2) for (let i = 0; i + 1 < len; i++) out.add(space + c[i]! + c[i + 1]!);
      else for (let i = 0; i + 2 < len; i++) out.add(space + c[i]! + c[i + 1]! + c[i + 2]!);
    }
  }
}

function intersect(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length));
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out[k++] = x;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out.subarray(0, k);
}

const NAME = 100;
const NAME_PY = 90;
const KEYWORDS = 50;
const KEYWORDS_PY = 45;
const BODY = 10;

const docKey = (kind: DocKind, id: number) => `${kind}:${id}`;

function entryOf(doc: SearchDoc): Entry {
  return { doc, name: forms(doc.name), keywords: forms(doc.keywords), body: normalise(doc.body) };
}

/** Every posting key of an entry (clears and fills `out`). Hot path of the build. */
function entryGrams(e: Entry, out: Set<string>): Set<string> {
  out.clear();
  for (const t of [e.name.text, e.keywords.text, e.body]) gramsOf(t, [1, 2], T, out);
  for (const p of [e.name.py, e.keywords.py]) gramsOf(p, [2, 3], P, out);
  for (const p of [e.name.ini, e.keywords.ini]) gramsOf(p, [1, 2, 3], I, out);
  return out;
}

const EMPTY = new Int32Array(0);
const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

export class SearchIndex<C = unknown> {
  /** Live entries by kind and id. */
  private readonly byKey = new Map<string, number>();
  /** Grams of entries added after the build (ids above every base posting). */
  private readonly overflow = new Map<string, number[]>();
  private deadCount = 0;
  private updates = 0;

  private constructor(
    /** null: removed or replaced by a newer entry. */
    private readonly entries: (Entry | null)[],
    private readonly postings: Map<string, Int32Array>,
  ) {
    entries.forEach((e, i) => {
      if (!e) return;
      const key = docKey(e.doc.kind, e.doc.id);
      const prev = this.byKey.get(key);
      if (prev !== undefined) {
        entries[prev] = null;
        this.deadCount += 1;
      }
      this.byKey.set(key, i);
    });
  }

  /** Live documents. */
  get size(): number {
    return this.byKey.size;
  }

  /** Documents upserted or removed since the build, and entries left dead by them. */
  get patchStats(): { updates: number; dead: number } {
    return { updates: this.updates, dead: this.deadCount };
  }

  /** True when updates have left enough garbage that a fresh build is worth it. */
  get needsCompaction(): boolean {
    return this.deadCount > Math.max(1000, this.entries.length / 4);
  }

  static build<C>(docs: Iterable<SearchDoc<C>>): SearchIndex<C> {
    const builder = new Builder<C>();
    for (const doc of docs) builder.add(doc);
    return builder.finishSync();
  }

  /**
   * The same, giving the event loop back every `sliceMs` of work: a full build of a large catalog
   * (≈2 s of CPU for 10,000 documents on a small core) runs beside the requests, never in front of them.
   */
  static async buildSliced<C>(docs: SearchDoc<C>[], sliceMs = 8): Promise<SearchIndex<C>> {
    const builder = new Builder<C>();
    let t = performance.now();
    for (const doc of docs) {
      builder.add(doc);
      if (performance.now() - t >= sliceMs) {
        await yieldToLoop();
        t = performance.now();
      }
    }
    return builder.finish(sliceMs);
  }

  /** For Builder: the finished entries and posting lists. */
  static create<C>(entries: Entry[], postings: Map<string, Int32Array>): SearchIndex<C> {
    return new SearchIndex<C>(entries, postings);
  }

  /** Adds a document, or replaces the one of the same kind and id. Milliseconds for one document. */
  upsert(doc: SearchDoc<C>): void {
    this.drop(doc.kind, doc.id);
    const e = entryOf(doc);
    const n = this.entries.length;
    this.entries.push(e);
    this.byKey.set(docKey(doc.kind, doc.id), n);
    for (const g of entryGrams(e, new Set())) {
      const l = this.overflow.get(g);
      if (l) l.push(n);
      else this.overflow.set(g, [n]);
    }
    this.updates += 1;
  }

  /** Removes a document if present; true when it was. */
  remove(kind: DocKind, id: number): boolean {
    const had = this.drop(kind, id);
    if (had) this.updates += 1;
    return had;
  }

  has(kind: DocKind, id: number): boolean {
    return this.byKey.has(docKey(kind, id));
  }

  private drop(kind: DocKind, id: number): boolean {
    const key = docKey(kind, id);
    const idx = this.byKey.get(key);
    if (idx === undefined) return false;
    this.entries[idx] = null;
    this.byKey.delete(key);
    this.deadCount += 1;
    return true;
  }

  /** The posting list of a gram: the built list, then the ids added since (all larger, so still sorted). */
  private posting(key: string): Int32Array | undefined {
    const base = this.postings.get(key);
    const more = this.overflow.get(key);
    if (!more) return base;
    const out = new Int32Array((base?.length ?? 0) + more.length);
    out.set(base ?? EMPTY);
    out.set(more, base?.length ?? 0);
    return out;
  }

  /** Entries containing every gram of `term` in one space; null when the term cannot be looked up there. */
  private candidates(term: string, space: string): Int32Array | null {
    const len = [...term].length;
    let sizes: number[];
    if (space === T) sizes = [textGramSize(term)];
    else if (space === P) {
      if (len < 2) return null;
      sizes = [Math.min(3, len)];
    } else sizes = [Math.min(3, len)];
    const keys = new Set<string>();
    gramsOf(term, sizes, space, keys);
    const lists: Int32Array[] = [];
    for (const k of keys) {
      const l = this.posting(k);
      if (!l) return EMPTY;
      lists.push(l);
    }
    if (!lists.length) return null;
    lists.sort((a, b) => a.length - b.length);
    let acc = lists[0]!;
    for (let i = 1; i < lists.length && acc.length; i++) acc = intersect(acc, lists[i]!);
    return acc;
  }

  /** How well one entry matches one term: the best field, or 0. */
  private static scoreTerm(e: Entry, term: string, latin: boolean): number {
    const n = e.name.text;
    if (n.includes(term)) return NAME + (n === term ? 50 : n.startsWith(term) ? 20 : 0);
    if (latin) {
      if (e.name.py.includes(term) || e.name.ini.includes(term)) {
        const exact = e.name.py === term || e.name.ini === term;
        const prefix = e.name.py.startsWith(term) || e.name.ini.startsWith(term);
        return NAME_PY + (exact ? 40 : prefix ? 15 : 0);
      }
    }
    if (e.keywords.text.includes(term)) return KEYWORDS;
    if (latin && (e.keywords.py.includes(term) || e.keywords.ini.includes(term))) return KEYWORDS_PY;
    if (e.body.includes(term)) return BODY;
    return 0;
  }

  /**
   * Ranked hits for `q` among documents of `sites` (nearest first: the requested site, then its
   * ancestors). Every term must match. At most `limit` hits per kind.
   */
  search(q: string, sites: readonly string[], limit = 20): Record<DocKind, SearchHit<C>[]> {
    const out: Record<DocKind, SearchHit<C>[]> = { item: [], app: [], news: [] };
    const terms = queryTerms(q);
    if (!terms.length || !sites.length) return out;
    const rank = new Map(sites.map((s, i) => [s, i]));

    let scores: Map<number, number> | null = null;
    for (const term of terms) {
      const latin = !HAN.test(term);
      const spaces = latin ? [T, P, I] : [T];
      const termScores = new Map<number, number>();
      for (const space of spaces) {
        const c = this.candidates(term, space);
        if (!c) continue;
        for (const idx of c) {
          if (termScores.has(idx) || (scores && !scores.has(idx))) continue;
          const e = this.entries[idx];
          if (!e || !rank.has(e.doc.siteCode)) continue;
          const s = SearchIndex.scoreTerm(e, term, latin);
          if (s > 0) termScores.set(idx, s);
        }
      }
      if (scores) for (const [idx, s] of termScores) termScores.set(idx, s + scores.get(idx)!);
      scores = termScores;
      if (!scores.size) return out;
    }

    // Nearest site wins for the same app / item code; news have no code.
    const best = new Map<string, { idx: number; rank: number }>();
    const hits: SearchHit<C>[] = [];
    for (const [idx] of scores!) {
      const d = this.entries[idx]!.doc;
      if (d.code == null) continue;
      const key = `${d.kind}\u0000${d.code}`;
      const r = rank.get(d.siteCode)!;
      const cur = best.get(key);
      if (!cur || r < cur.rank) best.set(key, { idx, rank: r });
    }
    for (const [idx, s] of scores!) {
      const d = this.entries[idx]!.doc as SearchDoc<C>;
      if (d.code != null && best.get(`${d.kind}\u0000${d.code}`)!.idx !== idx) continue;
      // log scale: popularity separates results inside a field class (gaps of ≥ 40) without crossing it
      hits.push({ doc: d, score: s + Math.min(9, Math.log2(1 + Math.max(0, d.popularity)) / 2) });
    }
    hits.sort((a, b) => b.score - a.score || b.doc.popularity - a.doc.popularity || a.doc.id - b.doc.id);
    for (const h of hits) {
      const list = out[h.doc.kind];
      if (list.length < limit) list.push(h);
    }
    return out;
  }
}

class Builder<C> {
  private readonly entries: Entry[] = [];
  private readonly lists = new Map<string, number[]>();
  private readonly grams = new Set<string>();

  add(doc: SearchDoc<C>): void {
    const n = this.entries.length;
    const e = entryOf(doc);
    // The same kind and id twice: the constructor keeps the later one, as upsert would.
    this.entries.push(e);
    // Entries are numbered in order, so every posting list comes out sorted and unique.
    for (const g of entryGrams(e, this.grams)) {
      const l = this.lists.get(g);
      if (l) l.push(n);
      else this.lists.set(g, [n]);
    }
  }

  finishSync(): SearchIndex<C> {
    const postings = new Map<string, Int32Array>();
    for (const [g, l] of this.lists) postings.set(g, Int32Array.from(l));
    return SearchIndex.create<C>(this.entries, postings);
  }

  /** Hundreds of thousands of lists to pack: in slices too. */
  async finish(sliceMs: number): Promise<SearchIndex<C>> {
    const postings = new Map<string, Int32Array>();
    let t = performance.now();
    let i = 0;
    for (const [g, l] of this.lists) {
      postings.set(g, Int32Array.from(l));
      if (++i % 256 === 0 && performance.now() - t >= sliceMs) {
        await yieldToLoop();
        t = performance.now();
      }
    }
    return SearchIndex.create<C>(this.entries, postings);
  }
}
