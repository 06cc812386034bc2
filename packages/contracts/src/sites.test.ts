import { describe, expect, it } from 'vitest';
import { pickInherited, pickInheritedEach, siteLineage } from './sites.js';

const parents: Record<string, string | null> = { '510000': null, '511700': '510000', '511722': '511700', '511702': '511700', '511799': '511722' };
const parentOf = (c: string) => parents[c] ?? null;

describe('siteLineage', () => {
  it('lists the site, its city and the province, nearest first', () => {
    expect(siteLineage('511722', parentOf)).toEqual(['511722', '511700', '510000']);
    expect(siteLineage('511799', parentOf)).toEqual(['511799', '511722', '511700', '510000']);
    expect(siteLineage('510000', parentOf)).toEqual(['510000']);
  });
  it('keeps an unknown code alone and stops on a cycle', () => {
    expect(siteLineage('999999', parentOf)).toEqual(['999999']);
    const loop: Record<string, string> = { a: 'b', b: 'a' };
    expect(siteLineage('a', (c) => loop[c])).toEqual(['a', 'b']);
  });
});

describe('pickInherited', () => {
  const lineage = ['511722', '511700', '510000'];
  it('takes the nearest site: own, else the city, else the province', () => {
    const rows = [
      { siteCode: '510000', v: 'province' },
      { siteCode: '511700', v: 'city' },
    ];
    expect(pickInherited(rows, lineage)?.v).toBe('city');
    expect(pickInherited([...rows, { siteCode: '511722', v: 'county' }], lineage)?.v).toBe('county');
    expect(pickInherited([{ siteCode: '510000', v: 'province' }], lineage)?.v).toBe('province');
  });
  it('ignores rows of other sites (a sibling county) and answers null when nothing applies', () => {
    expect(pickInherited([{ siteCode: '511702', v: 'sibling' }], lineage)).toBeNull();
    expect(pickInherited([], lineage)).toBeNull();
    // The city's own lineage does not see the county's override.
    expect(pickInherited([{ siteCode: '511722', v: 'county' }, { siteCode: '511700', v: 'city' }], ['511700', '510000'])?.v).toBe('city');
  });
  it('picks per key', () => {
    const rows = [
      { siteCode: '511700', code: 'a' },
      { siteCode: '511722', code: 'a' },
      { siteCode: '511700', code: 'b' },
      { siteCode: '511702', code: 'c' },
    ];
    expect(pickInheritedEach(rows, lineage, (r) => r.code)).toEqual([
      { siteCode: '511722', code: 'a' },
      { siteCode: '511700', code: 'b' },
    ]);
  });
});
