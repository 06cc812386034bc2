import type { ReservationListQuery, ReservationListResponse } from '@dz/contracts';
import { http } from './client';

/** 我的预约: the citizen's bookings of every kind (办事预约, 预约挂号, 景点, 场馆) from one ledger. */
export const reservationsApi = {
  list: (page: number, pageSize: number, status?: ReservationListQuery['status']) =>
    http.get<ReservationListResponse>('/api/me/reservations', { query: { page, pageSize, status } }),
};
