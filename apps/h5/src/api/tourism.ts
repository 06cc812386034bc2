import type {
  QuotaReservationCreated,
  QuotaReservationView,
  SavedVisitorCreate,
  SavedVisitorView,
  BOOKING_QR_PREFIX as BookingQrPrefix,
  SpotAvailability,
  SpotListResponse,
  SpotReservationCreate,
  SpotView,
  VerifyResult,
} from '@dz/contracts';
import { http } from './client';

/**
 * 旅游 (issue 15): 景点 (the portal's content, public), the 文旅预约平台's bands read through the
 * server, 景点预约 with its QR, 常用游客, and the checker's POST /api/verify. Only types come from
 * @dz/contracts, so the pages' chunks stay free of TypeBox.
 */
export const tourismApi = {
  spots: (query: { q?: string; site?: string }, signal?: AbortSignal) => http.get<SpotListResponse>('/api/tourism/spots', { query, signal }),
  spot: (id: number | string) => http.get<SpotView>(`/api/tourism/spots/${encodeURIComponent(String(id))}`),
  availability: (id: number, date: string) => http.get<SpotAvailability>(`/api/tourism/spots/${id}/availability`, { query: { date } }),

  book: (body: SpotReservationCreate) => http.post<QuotaReservationCreated>('/api/tourism/reservations', body),
  reservation: (id: number | string) => http.get<QuotaReservationView>(`/api/tourism/reservations/${encodeURIComponent(String(id))}`),
  cancel: (id: number) => http.post<QuotaReservationView | undefined>(`/api/tourism/reservations/${id}/cancel`),

  visitors: () => http.get<{ items: SavedVisitorView[] }>('/api/me/visitors'),
  addVisitor: (body: SavedVisitorCreate) => http.post<SavedVisitorView>('/api/me/visitors', body),
  removeVisitor: (id: number) => http.del<void>(`/api/me/visitors/${id}`),

  verify: (qrText: string) => http.post<VerifyResult>('/api/verify', { qrText }),
};

/** The booking QR's prefix (contracts BOOKING_QR_PREFIX), written out so no schema is imported. */
export const BOOKING_QR_PREFIX: typeof BookingQrPrefix = 'DZBK:';
