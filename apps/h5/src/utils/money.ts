// Apart from format.ts on purpose: @dz/contracts' utilities module carries its TypeBox schemas,
// which only the 水费 / 燃气费 pages should load, not the app's first screen.
import { formatFen } from '@dz/contracts';

/** Money from integer 分: 12345 → ¥123.45 (the one way amounts are shown). */
export function yuan(fen: number): string {
  return `¥${formatFen(fen)}`;
}
