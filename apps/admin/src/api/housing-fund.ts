/** 公积金利率: the console's rates of a site (HousingFundRatesResponse), with create / update / delete. */
import type { HousingFundRate, HousingFundRateInput, HousingFundRatesResponse } from '@dz/contracts';
import { http } from './request';

export type { HousingFundRate, HousingFundRateInput, RateKind } from '@dz/contracts';
export { RATE_KINDS, RATE_KIND_NAMES } from '@dz/contracts';

const BASE = '/api/admin/housing-fund/rates';

export const housingFundApi = {
  rates: (site: string) => http.get<HousingFundRatesResponse>(BASE, { site }),
  create: (site: string, body: HousingFundRateInput) => http.post<HousingFundRate>(BASE, body, { query: { site } }),
  update: (id: number, body: HousingFundRateInput) => http.put<HousingFundRate>(`${BASE}/${id}`, body),
  remove: (id: number) => http.delete<void>(`${BASE}/${id}`),
};
