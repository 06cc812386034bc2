import { http } from './client';
import { deviceHeaders } from '../utils/device';

/** What a visit is counted against in the console's statistics (zone, app, 掌上办 …). */
export type VisitType = 'zone' | 'app' | 'palm' | 'item' | 'news' | 'page';

/**
 * Records one visit for the statistics and the citizen's 足迹. Fire and forget: never awaited,
 * never shown, never blocking the navigation it accompanies (keepalive lets it finish even when
 * the page is being left for an external site).
 */
export function recordVisit(type: VisitType, ref: string, site: string): void {
  http
    .post<unknown>('/api/visits', { type, ref, site }, { headers: deviceHeaders(), keepalive: true, quiet: true })
    .catch(() => {
      // A lost statistic is not the citizen's problem; nothing to show or retry.
    });
}
