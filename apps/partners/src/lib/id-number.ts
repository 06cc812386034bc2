/**
 * GB 11643-1999 居民身份证号 check, kept inside the sandbox on purpose: the sandbox plays the
 * bureau's system, which does not share code with the portal (packages/contracts) — only the
 * wire protocol is shared.
 */

// GB 11643-1999 §7.2: weights Wi = 2^(17-i) mod 11, check character table indexed by Σ mod 11.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export const ID_NUMBER_SHAPE = /^\d{17}[\dX]$/;

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK[sum % 11] ?? '';
}

/** True when the number has the 18-character shape and its check character is right. */
export function isChecksumValid(idNumber: string): boolean {
  return ID_NUMBER_SHAPE.test(idNumber) && idCheckChar(idNumber.slice(0, 17)) === idNumber[17];
}
