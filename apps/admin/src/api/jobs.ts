/**
 * Console jobs (issue 9): work that would hold a request open (an audit export, 立即对账) starts as a
 * job — the server answers 202 with its id — and the page polls its status. Only the staff member
 * who started a job can read it; a file result downloads once.
 */
import type { JobView } from '@dz/contracts';
import { http } from './request';

export type { JobStarted, JobState, JobView } from '@dz/contracts';

export const jobsApi = {
  // silent: a job that expired or belongs to another session is not an error toast, the page just forgets it
  get: (id: number) => http.get<JobView>(`/api/admin/jobs/${id}`, undefined, { silent: true }),
  download: (id: number, name: string) => http.download(`/api/admin/jobs/${id}/download`, {}, name),
};
