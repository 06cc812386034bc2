import type { HistoryInput } from '@dz/contracts';
import { transitApi } from '../../api/transit';

/**
 * 最近使用: a stop, a line or a plan the citizen opened. Recorded once per opening, in the
 * background — a failure only means it is missing from the list, so it is never shown.
 */
export function recordView(input: HistoryInput): void {
  const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);
  void transitApi
    .addHistory({ ...input, title: clip(input.title, 60), subtitle: input.subtitle === undefined ? undefined : clip(input.subtitle, 100) })
    .catch(() => undefined);
}
