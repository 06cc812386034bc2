import type { LicenceConsentRequest, LicenceEvent, LicencePinRequest, LicencesResponse, LicenceShowResponse } from '@dz/contracts';
import { http } from './client';

const enc = encodeURIComponent;

/**
 * 电子证照 and 亮证 (issue 14). The licences stay at the 证照共享 system and are read by the login's
 * identity; the server masks them. Only types come from @dz/contracts: the home strip imports this
 * file, and a value import would put the TypeBox schemas into the first-screen bundle (issue 9).
 */
export const licencesApi = {
  list: (opts: { quiet?: boolean } = {}) => http.get<LicencesResponse>('/api/licences', opts),
  setPin: (body: LicencePinRequest) => http.post<unknown>('/api/licences/pin', body),
  show: (id: string, pin: string) => http.post<LicenceShowResponse>(`/api/licences/${enc(id)}/show`, { pin }),
  events: (id: string) => http.get<{ items: LicenceEvent[] }>(`/api/licences/${enc(id)}/events`),
  consent: (body: LicenceConsentRequest) => http.post<unknown>('/api/licences/consents', body),
};

/** Error codes of the 亮证 endpoints (HousingErrorCodes in contracts), as literals: see above. */
export const LICENCE_ERRORS = {
  PIN_NOT_SET: 'LICENCE_PIN_NOT_SET',
  PIN_WRONG: 'LICENCE_PIN_WRONG',
  PIN_LOCKED: 'LICENCE_PIN_LOCKED',
  NOT_VALID: 'LICENCE_NOT_VALID',
  NOT_FOUND: 'LICENCE_NOT_FOUND',
  REALNAME_REQUIRED: 'REALNAME_REQUIRED',
} as const;
