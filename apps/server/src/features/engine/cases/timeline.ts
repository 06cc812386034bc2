/**
 * A case's timeline as the console shows it — 办件中心 and 互动办理 alike — from its stored
 * events. Event details are JSON written by the engine; a row that does not parse shows without one.
 */
import type { CaseTimelineEntry } from '@dz/contracts';
import type { CaseEventRow } from './cases.repository.js';
import { actionName } from './transition.js';

/** JSON text, or `fallback` when empty or unreadable. */
export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export const timelineEntry = (e: CaseEventRow): CaseTimelineEntry => ({
  id: e.id,
  action: e.action,
  actionName: actionName(e.action),
  fromStatus: e.from_status,
  toStatus: e.to_status,
  stepName: e.step_name,
  actorType: e.actor_type,
  actorName: e.actor_name,
  comment: e.comment,
  detail: parseJson<unknown>(e.detail, null),
  createdAt: e.created_at,
});
