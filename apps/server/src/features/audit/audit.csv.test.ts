import { describe, expect, it } from 'vitest';
import { beijingTime, csvCell, toCsv } from './audit.csv.js';

describe('audit CSV', () => {
  it('quotes cells with commas, quotes or line breaks (RFC 4180)', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
  });

  it('neutralises spreadsheet formulas (CSV injection)', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+86')).toBe("'+86");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('starts with a BOM and ends rows with CRLF', () => {
    const csv = toCsv(['时间', '摘要'], [['2026', '新建']]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toBe('\uFEFF时间,摘要\r\n2026,新建\r\n');
  });

  it('shows times in 北京时间', () => {
    expect(beijingTime('2026-11-27T16:30:05.123Z')).toBe('2026-11-28 00:30:05');
  });
});
