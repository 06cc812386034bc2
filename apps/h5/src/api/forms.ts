import type { FormView } from '@dz/contracts';
import { http } from './client';

/** Forms are data (issue 10): the site's published version, inherited from the city. */
export const formsApi = {
  get: (code: string, site: string) => http.get<FormView>(`/api/forms/${encodeURIComponent(code)}`, { query: { site } }),
};
