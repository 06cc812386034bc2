import { recordVisit, type VisitType } from '../api/visits';
import { useSiteStore } from '../stores/site';

/** recordVisit bound to the current site: what the page was looked at for is that site. */
export function useRecordVisit(): (type: VisitType, ref: string | number) => void {
  const site = useSiteStore();
  return (type, ref) => recordVisit(type, String(ref), site.current.code);
}
