import type {
  DocumentList,
  HousesResponse,
  HousingFundAccountView,
  HousingFundEstate,
  HousingFundRatesResponse,
  HousingFundServicePoint,
  NoHouseCertificateRequest,
  NoHouseCertificateResponse,
} from '@dz/contracts';
import { http } from './client';

/**
 * 不动产 and 公积金 (issue 14): the houses and the fund account are read from the bureaus by the
 * login's identity on every call (the server keeps no copy); 利率, 合作楼盘 and 服务网点 are public.
 * Only types come from @dz/contracts.
 */
export const housingApi = {
  houses: () => http.get<HousesResponse>('/api/real-estate/houses'),
  issueNoHouseCertificate: (body: NoHouseCertificateRequest) => http.post<NoHouseCertificateResponse>('/api/real-estate/no-house-certificates', body),

  fundAccount: () => http.get<HousingFundAccountView>('/api/housing-fund/account'),
  rates: (site: string) => http.get<HousingFundRatesResponse>('/api/housing-fund/rates', { query: { site } }),
  estates: (query: { q?: string; site?: string }, signal?: AbortSignal) => http.get<{ items: HousingFundEstate[] }>('/api/housing-fund/estates', { query, signal }),
  servicePoints: (site?: string) => http.get<{ items: HousingFundServicePoint[] }>('/api/housing-fund/service-points', { query: { site } }),

  /** 我的证明: the documents issued to the login (无房证明, 参保证明, 回执 …). */
  documents: () => http.get<DocumentList>('/api/documents'),
};

/** 高德地图 marker page for a place (opens the app on a phone, the web map elsewhere). */
export function amapMarkerUrl(p: { lng: number; lat: number; name: string }): string {
  return `https://uri.amap.com/marker?position=${p.lng},${p.lat}&name=${encodeURIComponent(p.name)}`;
}
