/** #RRGGBB (the form the H5 and the server store zone colours in). */
export function isHexColor(value: string): boolean {
  return /^#[0-9a-fA-F]{6}$/.test(value);
}

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/**
 * WCAG 2.1 contrast ratio of white on `hex`. Zone tiles draw a white icon on the zone colour, and
 * DOMAIN.md asks for at least 3 : 1 for such graphics, so editors are warned below that.
 */
export function contrastWithWhite(hex: string): number | null {
  if (!isHexColor(hex)) return null;
  const n = parseInt(hex.slice(1), 16);
  const l = 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
  return 1.05 / (l + 0.05);
}
