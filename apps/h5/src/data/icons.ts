/**
 * Glyphs for the icon keys the server sends with zones and apps (`icon: "water"`, …). Drawn
 * inline on a 24 × 24 grid (no icon package is installed and nothing may be fetched at run
 * time). A key this build does not know falls back to a generic grid glyph, so a new key set in
 * the console never breaks a tile — it only looks plain until a glyph is added here.
 * Covers the keys of the server's seed (zones: water gas medical tourism house fund bus education
 * palm; apps: query pay apply bill hospital report pill bus car truck taxi charge map ticket info
 * house certificate fund calculator school library law weather leaf tractor baby id-card
 * briefcase shop shield bank star) plus the zone codes themselves.
 */
export type SvgShape =
  | { tag: 'path'; d: string }
  | { tag: 'rect'; x: number; y: number; width: number; height: number; rx?: number }
  | { tag: 'circle'; cx: number; cy: number; r: number; fill?: string };

const p = (d: string): SvgShape => ({ tag: 'path', d });

const GLYPHS: Record<string, SvgShape[]> = {
  'water-power': [p('M9 3.5c2.6 3.3 4.5 6.1 4.5 8.6a4.5 4.5 0 0 1-9 0C4.5 9.6 6.4 6.8 9 3.5z'), p('M17.5 6l-2.5 5h3.5l-2.5 5')],
  water: [p('M12 3c3.3 4.1 6 7.6 6 10.8a6 6 0 0 1-12 0C6 10.6 8.7 7.1 12 3z'), p('M9.5 14.5a2.5 2.5 0 0 0 2.5 2.5')],
  power: [p('M13.5 2.5L5.5 13.5h6l-1 8 8-11h-6z')],
  gas: [p('M12 3c1 3 4.5 5 4.5 9.5a4.5 4.5 0 0 1-9 0c0-2 .9-3.4 2-4.5.2 1.6 1 2.6 2 3 0-3 .2-5.6.5-8z'), p('M6 20.5h12')],
  bill: [p('M6 3.5h12v17l-2-1.3-2 1.3-2-1.3-2 1.3-2-1.3-2 1.3z'), p('M9 8h6M9 11.5h6M9 15h3.5')],
  pay: [{ tag: 'rect', x: 3, y: 6, width: 18, height: 13, rx: 2 }, p('M3 10h18M7 15h3')],
  install: [p('M14.5 6.5a4 4 0 0 0-5.3 5.3L4 17l3 3 5.2-5.2a4 4 0 0 0 5.3-5.3l-2.6 2.6-2.4-.6-.6-2.4z')],
  medical: [{ tag: 'rect', x: 3.5, y: 5, width: 17, height: 14.5, rx: 2.5 }, p('M12 8.5v7.5M8.25 12.25h7.5'), p('M9 5V3.5h6V5')],
  hospital: [p('M4 20.5V7l8-4 8 4v13.5z'), p('M12 8.5v6M9 11.5h6'), p('M10 20.5v-3h4v3')],
  report: [p('M7 3.5h7l4 4v13H7z'), p('M14 3.5v4h4'), p('M9.5 12h5M9.5 15.5h5')],
  medicine: [{ tag: 'rect', x: 4.2, y: 8.5, width: 15.6, height: 7, rx: 3.5 }, p('M12 8.5v7')],
  insurance: [p('M12 3l7.5 3v5.5c0 4.5-3.2 8-7.5 9.5-4.3-1.5-7.5-5-7.5-9.5V6z'), p('M9 12l2 2 4-4')],
  tourism: [p('M2.5 19.5l6-9 3.5 5 2.5-3.5 7 7.5z'), { tag: 'circle', cx: 17, cy: 6.5, r: 2.2 }],
  scenic: [p('M2.5 19.5l6-9 3.5 5 2.5-3.5 7 7.5z'), { tag: 'circle', cx: 17, cy: 6.5, r: 2.2 }],
  ticket: [p('M3.5 7.5h17v3a2 2 0 0 0 0 4v3h-17v-3a2 2 0 0 0 0-4z'), p('M14 7.5v10')],
  calendar: [{ tag: 'rect', x: 3.5, y: 5, width: 17, height: 15, rx: 2 }, p('M3.5 9.5h17M8 3v4M16 3v4'), p('M8 13.5h2M14 13.5h2M8 16.5h2')],
  'real-estate': [p('M3.5 11L12 4l8.5 7'), p('M5.5 9.5v10h13v-10'), p('M10 19.5v-5h4v5')],
  house: [p('M3.5 11L12 4l8.5 7'), p('M5.5 9.5v10h13v-10'), p('M10 19.5v-5h4v5')],
  certificate: [{ tag: 'rect', x: 3.5, y: 4.5, width: 17, height: 12.5, rx: 1.5 }, p('M7 8.5h10M7 11.5h6'), p('M15 17v3.5l1.5-1 1.5 1V17')],
  'housing-fund': [p('M3.5 10.5L12 4l8.5 6.5'), p('M5.5 9v10.5h13V9'), p('M9.5 11l2.5 3 2.5-3M12 14v4M9.8 15.5h4.4')],
  fund: [{ tag: 'circle', cx: 12, cy: 12, r: 8.5 }, p('M9 8l3 3.5L15 8M12 11.5V17M9.5 13.5h5')],
  calculator: [{ tag: 'rect', x: 5, y: 3, width: 14, height: 18, rx: 2 }, p('M8 7h8'), p('M8.5 11.5h.01M12 11.5h.01M15.5 11.5h.01M8.5 15h.01M12 15h.01M15.5 15h.01M8.5 18h.01M12 18h.01')],
  transport: [{ tag: 'rect', x: 5, y: 3.5, width: 14, height: 14, rx: 2.5 }, p('M5 11h14M8 20.5v-3M16 20.5v-3'), { tag: 'circle', cx: 8.5, cy: 14.3, r: 0.9, fill: 'currentColor' }, { tag: 'circle', cx: 15.5, cy: 14.3, r: 0.9, fill: 'currentColor' }],
  bus: [{ tag: 'rect', x: 5, y: 3.5, width: 14, height: 14, rx: 2.5 }, p('M5 11h14M8 20.5v-3M16 20.5v-3'), { tag: 'circle', cx: 8.5, cy: 14.3, r: 0.9, fill: 'currentColor' }, { tag: 'circle', cx: 15.5, cy: 14.3, r: 0.9, fill: 'currentColor' }],
  car: [p('M4 15.5l1.5-5A2 2 0 0 1 7.4 9h9.2a2 2 0 0 1 1.9 1.5l1.5 5'), { tag: 'rect', x: 3, y: 15, width: 18, height: 4, rx: 1.5 }, p('M6 19v1.5M18 19v1.5')],
  truck: [p('M2.5 6.5h11v10h-11zM13.5 10h4l3 3.5v3h-7'), { tag: 'circle', cx: 6.5, cy: 18, r: 1.8 }, { tag: 'circle', cx: 17, cy: 18, r: 1.8 }],
  charging: [{ tag: 'rect', x: 4, y: 3.5, width: 10, height: 17, rx: 1.5 }, p('M9.5 7l-2 4h3l-2 4'), p('M14 9h2.5a1.5 1.5 0 0 1 1.5 1.5V16a1.5 1.5 0 0 0 3 0V8l-2-2')],
  'culture-edu': [p('M2.5 9L12 4.5 21.5 9 12 13.5z'), p('M6.5 11v4.5c1.5 1.5 3.4 2.2 5.5 2.2s4-.7 5.5-2.2V11'), p('M21.5 9v5')],
  school: [p('M2.5 9L12 4.5 21.5 9 12 13.5z'), p('M6.5 11v4.5c1.5 1.5 3.4 2.2 5.5 2.2s4-.7 5.5-2.2V11'), p('M21.5 9v5')],
  book: [p('M4 5a2 2 0 0 1 2-2h13v15H6a2 2 0 0 0-2 2z'), p('M4 20a2 2 0 0 0 2 1h13v-3')],
  library: [p('M4 20.5h16M5.5 18V9M9.5 18V9M14.5 18V9M18.5 18V9'), p('M3.5 8L12 3.5 20.5 8z')],
  score: [p('M4 20V10M10 20V4M16 20v-7M21 20H3')],
  policy: [p('M7 3.5h7l4 4v13H7z'), p('M14 3.5v4h4'), p('M9.5 12h5M9.5 15.5h3')],
  search: [{ tag: 'circle', cx: 10.5, cy: 10.5, r: 6 }, p('M15 15l5.5 5.5')],
  query: [p('M6 3.5h8l4 4V12'), p('M6 3.5v17h6'), { tag: 'circle', cx: 15.5, cy: 16, r: 3 }, p('M17.7 18.2l2.3 2.3')],
  apply: [p('M6 3.5h9l3.5 3.5v13.5H6z'), p('M9 9.5h6M9 13h3'), p('M12.5 18.5l1-3 4.5-4.5 2 2-4.5 4.5z')],
  info: [{ tag: 'circle', cx: 12, cy: 12, r: 8.5 }, p('M12 11v5.5M12 7.5h.01')],
  map: [p('M3.5 6.5l5-2 7 2.5 5-2v13l-5 2-7-2.5-5 2z'), p('M8.5 4.5v13M15.5 7v13')],
  taxi: [p('M4 15.5l1.5-5A2 2 0 0 1 7.4 9h9.2a2 2 0 0 1 1.9 1.5l1.5 5'), { tag: 'rect', x: 3, y: 15, width: 18, height: 4, rx: 1.5 }, p('M9.5 9V6.5h5V9M6 19v1.5M18 19v1.5')],
  law: [p('M12 4v16M7 20.5h10M5 7.5h14'), p('M5 7.5l-2.5 6a2.5 2.5 0 0 0 5 0zM19 7.5l-2.5 6a2.5 2.5 0 0 0 5 0z')],
  weather: [p('M7 18.5h10a4 4 0 0 0 .6-7.95A5.5 5.5 0 0 0 7 11.5a3.5 3.5 0 0 0 0 7z'), p('M16 3v1.5M20.5 5.5l-1 1M21.5 10H20')],
  leaf: [p('M5 19c0-8 5-14 15-14 0 10-6 15-14 15'), p('M5 19l8-8')],
  tractor: [{ tag: 'circle', cx: 7, cy: 16, r: 4 }, { tag: 'circle', cx: 18, cy: 17.5, r: 2.5 }, p('M4 12V6.5h6l2 5.5h6.5v3'), p('M11 16h4.5')],
  baby: [{ tag: 'circle', cx: 12, cy: 12, r: 8.5 }, p('M9.5 11h.01M14.5 11h.01'), p('M9.5 15a3.5 3.5 0 0 0 5 0'), p('M12 3.5c-1 1.5-.5 3 1 3')],
  briefcase: [{ tag: 'rect', x: 3, y: 7, width: 18, height: 13, rx: 2 }, p('M9 7V4.5h6V7M3 12.5h18')],
  shop: [p('M4 9.5V20h16V9.5'), p('M3 9.5L5 4h14l2 5.5a2.5 2.5 0 0 1-4.5 1.5 2.5 2.5 0 0 1-4.5 0 2.5 2.5 0 0 1-4.5 0A2.5 2.5 0 0 1 3 9.5z'), p('M10 20v-5h4v5')],
  shield: [p('M12 3l7.5 3v5.5c0 4.5-3.2 8-7.5 9.5-4.3-1.5-7.5-5-7.5-9.5V6z')],
  bank: [p('M3 9.5L12 4l9 5.5z'), p('M5 11v6.5M9.5 11v6.5M14.5 11v6.5M19 11v6.5M3 20.5h18')],
  star: [p('M12 3.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8-5.2-2.8-5.2 2.8 1-5.8-4.3-4.1 5.9-.9z')],
  consult: [p('M4 5.5h16v10H9.5L5 19.5v-4H4z'), p('M8 10.5h.01M12 10.5h.01M16 10.5h.01')],
  'id-card': [{ tag: 'rect', x: 3, y: 5, width: 18, height: 14, rx: 2 }, { tag: 'circle', cx: 8.5, cy: 11, r: 2 }, p('M5.5 16c.6-1.4 1.7-2 3-2s2.4.6 3 2M14 10h4M14 13.5h4')],
  location: [p('M12 21s-6.5-6-6.5-11a6.5 6.5 0 0 1 13 0c0 5-6.5 11-6.5 11z'), { tag: 'circle', cx: 12, cy: 10, r: 2.3 }],
  phone: [p('M6.5 3.5l3 .5 1.5 4-2 1.5a11 11 0 0 0 5.5 5.5l1.5-2 4 1.5.5 3a2 2 0 0 1-2 2A16 16 0 0 1 4.5 5.5a2 2 0 0 1 2-2z')],
  palm: [{ tag: 'rect', x: 6.5, y: 2.5, width: 11, height: 19, rx: 2.5 }, p('M9 12l2 2 4-4.5'), p('M11 18.5h2')],
  generic: [
    { tag: 'rect', x: 4, y: 4, width: 6.5, height: 6.5, rx: 1.5 },
    { tag: 'rect', x: 13.5, y: 4, width: 6.5, height: 6.5, rx: 1.5 },
    { tag: 'rect', x: 4, y: 13.5, width: 6.5, height: 6.5, rx: 1.5 },
    { tag: 'rect', x: 13.5, y: 13.5, width: 6.5, height: 6.5, rx: 1.5 },
  ],
};

/** Other spellings an operator may reasonably type for the same picture. */
const ALIASES: Record<string, string> = {
  electric: 'power',
  electricity: 'power',
  fee: 'pay',
  payment: 'pay',
  wallet: 'pay',
  wrench: 'install',
  repair: 'install',
  doctor: 'hospital',
  clinic: 'hospital',
  health: 'medical',
  drug: 'medicine',
  pill: 'medicine',
  charge: 'charging',
  pharmacy: 'medicine',
  travel: 'scenic',
  mountain: 'scenic',
  booking: 'calendar',
  appointment: 'calendar',
  building: 'house',
  home: 'house',
  estate: 'real-estate',
  coin: 'fund',
  money: 'fund',
  'provident-fund': 'housing-fund',
  traffic: 'transport',
  education: 'school',
  exam: 'score',
  chart: 'score',
  document: 'policy',
  file: 'policy',
  query: 'search',
  chat: 'consult',
  info: 'consult',
  idcard: 'id-card',
  map: 'location',
  mobile: 'palm',
  apps: 'generic',
  grid: 'generic',
};

/** `Water`, `icon-water`, `lucide:water` → `water`; unknown → the generic glyph. */
export function iconShapes(key: string | null | undefined): SvgShape[] {
  const raw = (key ?? '').trim().toLowerCase();
  const bare = raw.split(/[:/]/).pop()?.replace(/^(icon|ic|i)[-_]/, '').replace(/_/g, '-') ?? '';
  const name = GLYPHS[bare] ? bare : ALIASES[bare];
  return GLYPHS[name ?? 'generic'] ?? GLYPHS.generic!;
}

/**
 * Accent colours for app tiles that arrive without one (AppCard has no colour): picked from the
 * app's code so a tile keeps its colour between visits. All give white glyphs ≥ 4.5 : 1.
 */
const PALETTE = ['#1557b0', '#0e7490', '#15803d', '#a16207', '#be185d', '#6d28d9', '#c2410c', '#0369a1', '#a21caf', '#374151'];

export function accentFor(seed: string): string {
  let h = 0;
  for (const ch of seed) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}
