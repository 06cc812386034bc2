/**
 * The sandbox 公安人口库's matching rule for 实名核验 (name + ID number). Deterministic, so that
 * tests and demos can rely on it:
 *
 * 1. An ID number on the demo roster matches only together with the roster's name for it.
 * 2. An ID number not on the roster matches when it is GB 11643 checksum-valid and the name is
 *    2–20 Chinese characters (the middle dot “·” of minority and transliterated names allowed) —
 *    the sandbox cannot know every resident, so it accepts any plausible new person;
 * 3. except that a name containing “不一致” never matches, so a test can force a mismatch with an
 *    otherwise valid pair.
 */
import { residentById } from '../../demo/residents.js';
import { isChecksumValid } from '../../lib/id-number.js';

/** Han characters (any CJK block, including supplementary planes) and the middle dot U+00B7. */
const CHINESE_NAME = /^\p{Script=Han}+(?:·\p{Script=Han}+)*$/u;
export const FORCE_MISMATCH = '不一致';

export function isPlausibleChineseName(name: string): boolean {
  const length = [...name].length;
  return length >= 2 && length <= 20 && CHINESE_NAME.test(name);
}

export function identityMatches(name: string, idNumber: string): boolean {
  if (name.includes(FORCE_MISMATCH)) return false;
  const known = residentById(idNumber);
  if (known) return known.name === name;
  return isChecksumValid(idNumber) && isPlausibleChineseName(name);
}
