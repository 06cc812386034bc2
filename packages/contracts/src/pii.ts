/**
 * Does a search term carry personal data? One rule for the server (搜索历史, 热门搜索) and the H5
 * (its local history), so neither keeps what a citizen typed when it was an ID number or a phone.
 *
 * 《个人信息保护法》第六条 (collect no more than needed) and 第二十八条 (身份证号 and bank card
 * numbers are sensitive personal data): a search history is not a reason to keep them. The rule is
 * deliberately broad — a false positive only costs one history entry, a false negative keeps an ID
 * number in plain text — so it does not verify check digits (a mistyped ID number is still one)
 * and treats any long run of digits as a card or ID number.
 *
 *   - 居民身份证号: 18 characters (17 digits + digit or X) and the old 15-digit numbers (GB 11643).
 *   - 手机号: 11 digits starting 13–19, also written 138 0013 8000, 138-0013-8000 or +86 138….
 *   - 银行卡号: 13–19 digits, Luhn-valid or not (any run of 13+ digits is caught, which also covers
 *     both ID formats and a phone with its country code).
 *   - 统一社会信用代码: 18 characters of GB 32100-2015 (no I, O, S, V, Z), 6-digit region code at
 *     positions 3–8.
 *
 * Separators people type inside numbers (spaces, dashes, dots) are removed before looking, so
 * "5117 0219 9001 0112 34" is caught; the term may have other words around it ("身份证511702…").
 */

/** Spaces, hyphens/dashes and dots between two digits (or an X check character) are dropped. */
const SEPARATOR_BETWEEN_DIGITS = /(?<=\d)[\s\-‐‑‒–—―−.·]+(?=[\dXx])/g;
const LONG_DIGITS = /\d{13,}/;
const ID_18 = /\d{17}[Xx]/;
/** A mobile number anywhere in a digit run: runs of 13+ digits are caught above already. */
const MOBILE = /(?<!\d)(?:0?86)?1[3-9]\d{9}(?!\d)/;
const CREDIT_CODE = /[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}/i;

/** True when `term` contains something that looks like an ID, phone, bank card or credit code. */
export function looksLikePersonalData(term: string): boolean {
  const compact = term.normalize('NFKC').replace(/\+/g, '').replace(SEPARATOR_BETWEEN_DIGITS, '');
  return LONG_DIGITS.test(compact) || ID_18.test(compact) || MOBILE.test(compact) || CREDIT_CODE.test(compact);
}
