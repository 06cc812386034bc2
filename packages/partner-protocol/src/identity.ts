/**
 * The population register's real-name check (公安人口库, `identity`), served under the signed
 * protocol of index.ts:
 *
 *   POST /v1/identity/verify  IdentityVerifyRequest → IdentityVerifyResult
 *
 * The ID number travels in the body, never in a URL. Malformed input (no name, an ID number that
 * is not 17 digits + a check character) is a caller error, 1004 with HTTP 400; a well-formed pair
 * that does not match is an ordinary answer, `match: false` — the register never says which half
 * was wrong, so the check cannot be used to discover names.
 */

export interface IdentityVerifyRequest {
  /** 姓名, at most 50 characters. */
  name: string;
  /** 18-character 居民身份证号码 (GB 11643), upper-case X. */
  idNumber: string;
}

export interface IdentityVerifyResult {
  match: boolean;
}
