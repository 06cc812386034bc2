import type { QuotaReservationCreated, QuotaReservationView, VenueAvailability, VenueListResponse, VenueReservationCreate } from '@dz/contracts';
import { http } from './client';

const enc = encodeURIComponent;

/**
 * 图书馆（文化馆）预约: the venue system's venues and slots (public reads through the server) and
 * the citizen's venue bookings (login + 实名; the visitor is always the login itself).
 */
export const cultureApi = {
  venues: (site?: string) => http.get<VenueListResponse>('/api/culture/venues', { query: { site } }),
  availability: (venueId: string, date: string) => http.get<VenueAvailability>(`/api/culture/venues/${enc(venueId)}/availability`, { query: { date } }),
  reserve: (body: VenueReservationCreate) => http.post<QuotaReservationCreated>('/api/culture/reservations', body),
  reservation: (id: number | string) => http.get<QuotaReservationView>(`/api/culture/reservations/${enc(String(id))}`),
  cancel: (id: number) => http.post<QuotaReservationView | undefined>(`/api/culture/reservations/${id}/cancel`),
};
