/**
 * Generated 实景图 for the demo scenic spots: no photographs are shipped, so each spot gets a few
 * PNG "paintings" drawn from a seed — a gradient sky, a sun or moon, layered mountain ridges,
 * optionally water with a reflection and a band of forest. Deterministic per (spot, index), a few
 * tens of KB each (flat colour areas compress well), and clearly artwork, not a photo of the place.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';

export const ART_WIDTH = 800;
export const ART_HEIGHT = 500;

export type Scene = 'gorge' | 'mountain' | 'lake' | 'temple' | 'valley';

type Rgb = [number, number, number];

/** mulberry32: a tiny deterministic PRNG (the same seed draws the same picture). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
  return h >>> 0;
}

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];

const SKIES: [Rgb, Rgb][] = [
  [[120, 178, 230], [222, 238, 250]], // clear day
  [[250, 176, 120], [255, 229, 190]], // dusk
  [[170, 190, 210], [232, 236, 240]], // mist
  [[90, 140, 210], [200, 225, 245]], // high blue
];

/** A ridge line: a sum of a few sines with random phases, in pixels from the top. */
function ridge(r: () => number, base: number, amp: number): (x: number) => number {
  const waves = Array.from({ length: 4 }, (_, i) => ({ f: (0.5 + r() * 1.5) * (i + 1) * 0.004, p: r() * Math.PI * 2, a: amp / (i + 1.2) }));
  return (x) => base + waves.reduce((s, w) => s + Math.sin(x * w.f + w.p) * w.a, 0);
}

/** One painting as PNG bytes. */
export function paintScene(key: string, index: number, scene: Scene): Buffer {
  const r = rng(hash(`${key}#${index}`));
  const W = ART_WIDTH;
  const H = ART_HEIGHT;
  const png = new PNG({ width: W, height: H });
  const [skyTop, skyLow] = SKIES[Math.floor(r() * SKIES.length)]!;
  const green: Rgb = scene === 'temple' ? [96, 120, 88] : [70 + r() * 30, 120 + r() * 30, 80 + r() * 20];
  const far: Rgb = mix(skyLow, [110, 130, 160], 0.55);
  const mid: Rgb = mix(green, [90, 110, 140], 0.45);
  const near: Rgb = green;
  const deep = scene === 'gorge';
  const water = scene === 'lake' || scene === 'valley' || (scene === 'gorge' && r() > 0.3);
  const horizon = Math.round(H * (water ? 0.62 : 0.78));
  const ridges = [
    { f: ridge(r, H * (deep ? 0.22 : 0.38), deep ? 60 : 40), c: far },
    { f: ridge(r, H * (deep ? 0.34 : 0.48), deep ? 70 : 45), c: mid },
    { f: ridge(r, H * (deep ? 0.48 : 0.58), deep ? 50 : 35), c: near },
  ];
  const sun = { x: W * (0.15 + r() * 0.7), y: H * (0.12 + r() * 0.15), rad: 26 + r() * 18 };
  const sunColour: Rgb = [255, 244, 214];
  const roof: Rgb = [150, 60, 48];
  const pagoda = scene === 'temple' ? { x: Math.round(W * (0.3 + r() * 0.4)), w: 46 } : null;

  // Ridge tops per column, computed once (the per-pixel loop only compares).
  const tops = ridges.map((rd) => Float64Array.from({ length: W }, (_, x) => rd.f(x)));
  const pagodaBase = pagoda ? ridges[2]!.f(pagoda.x) : 0;
  const put = (i: number, c: Rgb) => {
    png.data[i] = c[0] | 0;
    png.data[i + 1] = c[1] | 0;
    png.data[i + 2] = c[2] | 0;
    png.data[i + 3] = 255;
  };
  for (let y = 0; y < H; y++) {
    const sky = mix(skyTop, skyLow, y / H);
    const my = 2 * horizon - y; // the mirrored row, for the water
    const reflSky = mix(skyTop, skyLow, Math.max(0, my) / H);
    for (let x = 0; x < W; x++) {
      let c: Rgb = sky;
      const d = Math.hypot(x - sun.x, y - sun.y);
      if (d < sun.rad) c = sunColour;
      else if (d < sun.rad * 2.2) c = mix(sunColour, c, (d - sun.rad) / (sun.rad * 1.2));
      for (let k = 0; k < 3; k++) {
        const top = tops[k]![x]!;
        if (y >= top) c = mix(ridges[k]!.c, [30, 50, 40], Math.min(0.35, (y - top) / H));
      }
      if (pagoda) {
        const dx = Math.abs(x - pagoda.x);
        // Five tiers narrowing upwards, each a dark eave over a light wall.
        for (let tier = 0; tier < 5; tier++) {
          const y1 = pagodaBase - 18 * (tier + 1);
          const half = pagoda.w / 2 - tier * 4;
          if (y >= y1 && y < y1 + 18 && dx < half) c = y < y1 + 5 ? roof : [236, 226, 206];
        }
      }
      if (water && y >= horizon) {
        const wave = Math.sin(y * 0.9 + x * 0.02) * 0.08;
        let refl: Rgb = reflSky;
        for (let k = 0; k < 3; k++) if (my >= tops[k]![x]!) refl = ridges[k]!.c;
        c = mix(mix(refl, [60, 110, 140], 0.35 + wave), [40, 80, 110], ((y - horizon) / (H - horizon)) * 0.5);
      }
      if (!water && y > H * 0.86) c = mix(near, [50, 80, 50], 0.4);
      put((y * W + x) * 4, c);
    }
  }
  // Fast deflate: the flat areas compress well anyway, and the seed runs for every test app.
  return PNG.sync.write(png, { colorType: 2, deflateLevel: 3, filterType: 1 });
}

const memo = new Map<string, Buffer>();
/** Bump when the painting changes, so a cached file of the old drawing is not reused. */
const ART_VERSION = 1;
const cacheDir = join(tmpdir(), 'dz-seed-artwork');

/**
 * The pictures of one spot. Drawing one takes a few hundred ms and the seed runs for every test
 * app, so the bytes are memoised per process and in a temp directory (they depend on nothing but
 * the arguments); the cache is only a shortcut — a missing or unwritable directory just redraws.
 */
export function spotArtwork(key: string, scenes: Scene[]): Buffer[] {
  return scenes.map((s, i) => {
    const k = `v${ART_VERSION}-${key}-${i}-${s}`;
    let b = memo.get(k);
    if (b) return b;
    const file = join(cacheDir, `${k.replace(/[^A-Za-z0-9-]/g, '_')}.png`);
    try {
      b = readFileSync(file);
    } catch {
      b = paintScene(key, i, s);
      try {
        mkdirSync(cacheDir, { recursive: true });
        writeFileSync(`${file}.${process.pid}`, b);
        renameSync(`${file}.${process.pid}`, file);
      } catch {
        // No cache this time.
      }
    }
    memo.set(k, b);
    return b;
  });
}
