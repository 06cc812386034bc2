/**
 * 常见问题 matching, in memory. A site sees a few hundred entries at most, so a query checks each
 * of them: every term of the query (Han runs and latin/digit runs, search's `queryTerms`) must
 * match — a Han term as a substring of the question or the answer, a latin term also in the
 * question's full pinyin ("gongjijin") or initials ("gjj"), both computed at write time with the
 * search index's `pinyinForms`, so a request never runs the pinyin dictionary over the rows.
 */
import { normalise, queryTerms } from '../search/search-index.js';
import type { FaqRow } from './faqs.repository.js';

const HAN = /\p{Script=Han}/u;

export interface FaqEntry {
  row: FaqRow;
  /** Question and answer, normalised; the separator keeps a match from spanning the two. */
  text: string;
  py: string;
  ini: string;
}

export function entryOf(row: FaqRow): FaqEntry {
  return { row, text: `${normalise(row.question)}\u0000${normalise(row.answer)}`, py: row.question_py, ini: row.question_ini };
}

/** The entries every term of `q` matches (all of them when `q` has no term). */
export function matchFaqs(entries: readonly FaqEntry[], q: string | undefined): FaqEntry[] {
  const terms = q ? queryTerms(q) : [];
  if (!terms.length) return [...entries];
  return entries.filter((e) => terms.every((t) => e.text.includes(t) || (!HAN.test(t) && (e.py.includes(t) || e.ini.includes(t)))));
}

/** Two-character runs of the Han text in `s` (punctuation and latin break runs). */
function bigrams(s: string): Set<string> {
  const out = new Set<string>();
  for (const run of normalise(s).match(/\p{Script=Han}+/gu) ?? []) for (let i = 0; i + 1 < run.length; i++) out.add(run.slice(i, i + 2));
  return out;
}

/**
 * The entries whose question shares the most two-character runs with `q`, best first: at least two
 * shared runs, or one when `q` itself has only one. For a whole typed sentence ("公积金怎么提取出来
 * 买房") no question contains it word for word, but 公积 / 积金 / 提取 still find the one that
 * answers it. Ties keep the site's own order (sort, then newest).
 */
export function similarFaqs(entries: readonly FaqEntry[], q: string | undefined): FaqEntry[] {
  const want = bigrams(q ?? '');
  if (!want.size) return [];
  const need = Math.min(2, want.size);
  return entries
    .map((e, i) => {
      let n = 0;
      for (const g of bigrams(e.row.question)) if (want.has(g)) n += 1;
      return { e, i, n };
    })
    .filter((x) => x.n >= need)
    .sort((a, b) => b.n - a.n || a.i - b.i)
    .map((x) => x.e);
}

/** Distinct categories in display order (first seen wins). */
export function categoriesOf(entries: readonly FaqEntry[]): string[] {
  return [...new Set(entries.map((e) => e.row.category))];
}
