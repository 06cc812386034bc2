/**
 * The distinct-visitor sketch of 访问统计's rollups: exact while small, a HyperLogLog when large.
 *
 * Why a sketch: a per-day visitor set is exact but grows with the visitors (a city's 330,000 a day
 * is 330,000 rows a day to union at read time); a HyperLogLog is a fixed 4 KiB whatever the
 * traffic, and two of them merge by taking the larger register, so a range's UV is a real union
 * of the days (a visitor seen on two days counts once), never a sum of daily UVs.
 *
 * - Sparse form (up to SPARSE_MAX visitors): the sorted 64-bit hashes themselves — exact (barring
 *   a 2^-64 collision), and small objects with a handful of visitors cost a few bytes.
 * - Dense form: 2^12 = 4,096 registers (precision p = 12), standard error 1.04 / √4096 ≈ 1.6 %;
 *   the estimate uses linear counting below 2.5·m (Flajolet et al. 2007, Heule et al. 2013).
 *
 * Encoding (a blob column): byte 0 = 1 (sparse) or 2 (dense), then 8-byte hashes or 4,096 registers.
 */
const P = 12;
const M = 1 << P;
/** A sparse sketch is turned dense once it would be as large as the dense form. */
export const SPARSE_MAX = M / 8;
const ALPHA = 0.7213 / (1 + 1.079 / M);
/** 2^-r for every possible register value (r ≤ 64 - P + 1): count() runs per day and object of a statistics answer. */
const INV_POW2 = Float64Array.from({ length: 66 }, (_, r) => 2 ** -r);

/** A 64-bit hash of a visitor key as two unsigned 32-bit halves (two seeded murmur-style passes). */
export function hash64(s: string): [number, number] {
  let h1 = 0xdeadbeef ^ s.length;
  let h2 = 0x41c6ce57 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}

/** The HyperLogLog estimate of M registers starting at `at` (linear counting while small). */
function estimate(regs: Uint8Array, at: number): number {
  let sum = 0;
  let zeros = 0;
  for (let i = at; i < at + M; i++) {
    const r = regs[i]!;
    sum += INV_POW2[r]!;
    if (r === 0) zeros++;
  }
  const e = (ALPHA * M * M) / sum;
  if (e <= 2.5 * M && zeros > 0) return Math.round(M * Math.log(M / zeros));
  return Math.round(e);
}

export class Hll {
  /** Sparse: the exact hashes, high half → low halves; null once dense. */
  private sparse: Map<number, Set<number>> | null = new Map();
  private sparseCount = 0;
  private regs: Uint8Array | null = null;

  static decode(buf: Uint8Array | null | undefined): Hll {
    return new Hll().mergeEncoded(buf);
  }

  add(visitor: string): void {
    const [hi, lo] = hash64(visitor);
    this.addHash(hi, lo);
  }

  addHash(hi: number, lo: number): void {
    if (this.sparse) {
      let set = this.sparse.get(hi);
      if (!set) this.sparse.set(hi, (set = new Set()));
      if (!set.has(lo)) {
        set.add(lo);
        this.sparseCount++;
        if (this.sparseCount > SPARSE_MAX) this.densify();
      }
      return;
    }
    this.setRegister(hi, lo);
  }

  private setRegister(hi: number, lo: number): void {
    const regs = this.regs!;
    const idx = hi >>> (32 - P);
    const rest = (hi << P) >>> 0;
    const rank = rest !== 0 ? Math.clz32(rest) + 1 : 32 - P + Math.clz32(lo) + 1;
    if (rank > regs[idx]!) regs[idx] = rank;
  }

  private densify(): void {
    const sparse = this.sparse!;
    this.sparse = null;
    this.regs = new Uint8Array(M);
    for (const [hi, set] of sparse) for (const lo of set) this.setRegister(hi, lo);
  }

  /**
   * Union with an encoded sketch straight from its bytes: no intermediate object, no copy of the
   * 4 KiB of registers. Statistics union thousands of stored sketches per request, and decoding
   * each one first (a copy, or a Map of Sets for a sparse one) cost more than the union itself.
   */
  mergeEncoded(buf: Uint8Array | null | undefined): this {
    if (!buf || buf.length === 0) return this;
    if (buf[0] === 2) {
      if (this.sparse) this.densify();
      const a = this.regs!;
      for (let i = 0; i < M; i++) {
        const v = buf[i + 1]!;
        if (v > a[i]!) a[i] = v;
      }
      return this;
    }
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    for (let o = 1; o + 8 <= buf.length; o += 8) this.addHash(view.getUint32(o), view.getUint32(o + 4));
    return this;
  }

  /** Union in place: afterwards this counts everyone either sketch counted. */
  merge(other: Hll): this {
    if (other.sparse) {
      for (const [hi, set] of other.sparse) for (const lo of set) this.addHash(hi, lo);
      return this;
    }
    if (this.sparse) this.densify();
    const a = this.regs!;
    const b = other.regs!;
    for (let i = 0; i < M; i++) if (b[i]! > a[i]!) a[i] = b[i]!;
    return this;
  }

  count(): number {
    return this.sparse ? this.sparseCount : estimate(this.regs!, 0);
  }

  /**
   * The count of an encoded sketch read straight from its bytes: the CSV counts one stored sketch
   * per row (tens of thousands), with no object or register copy per row.
   */
  static countEncoded(buf: Uint8Array | null | undefined): number {
    if (!buf || buf.length === 0) return 0;
    // A stored sparse sketch holds distinct hashes (encode() writes each once).
    return buf[0] === 2 ? estimate(buf, 1) : Math.floor((buf.length - 1) / 8);
  }

  encode(): Buffer {
    if (this.regs) {
      const out = Buffer.alloc(1 + M);
      out[0] = 2;
      out.set(this.regs, 1);
      return out;
    }
    const out = Buffer.alloc(1 + 8 * this.sparseCount);
    out[0] = 1;
    let o = 1;
    for (const [hi, set] of this.sparse!)
      for (const lo of set) {
        out.writeUInt32BE(hi, o);
        out.writeUInt32BE(lo, o + 4);
        o += 8;
      }
    return out;
  }
}
