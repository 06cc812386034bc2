import { describe, expect, it } from 'vitest';
import { looksLikePersonalData } from './pii.js';

describe('looksLikePersonalData', () => {
  it('catches ID numbers: 18 characters with or without a valid check digit, X, and the old 15 digits', () => {
    for (const t of ['511702199001011231', '511702199001011234', '51170219900101123X', '51170219900101123x', '511702900101123', '身份证511702199001011231查询', '5117 0219 9001 0112 31']) {
      expect(looksLikePersonalData(t), t).toBe(true);
    }
  });

  it('catches mobile numbers, also with spaces, dashes and +86', () => {
    for (const t of ['13800138000', '138 0013 8000', '138-0013-8000', '+86 138 0013 8000', '+8613800138000', '8613800138000', '张三13800138000', '１３８００１３８０００']) {
      expect(looksLikePersonalData(t), t).toBe(true);
    }
  });

  it('catches bank card numbers of 13–19 digits, Luhn-valid or not', () => {
    for (const t of ['6222021234567890123', '6222 0212 3456 7890 123', '4111111111111111', '4111111111111112', '1234567890123']) {
      expect(looksLikePersonalData(t), t).toBe(true);
    }
  });

  it('catches unified social credit codes, in upper or lower case', () => {
    for (const t of ['91511700MA62XXXX0N', '91511700ma62abcd1e', '营业执照 91511700MA62ABCD1E']) {
      expect(looksLikePersonalData(t), t).toBe(true);
    }
  });

  it('leaves ordinary searches alone', () => {
    for (const t of ['公积金', 'gjj', 'shuifei', '2024年社保', '0818-2380101', '12345', '电费 2024-06', '第1号窗口', 'ETC', '医保 100 元', '达州市12345热线']) {
      expect(looksLikePersonalData(t), t).toBe(false);
    }
  });
});
