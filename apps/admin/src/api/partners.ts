/**
 * 接口管理: the endpoints of the partner systems (公安人口库, 水 / 电 / 燃气公司, 统一支付平台) as a site
 * sees them, their health, and the log of calls made to them. Shapes are @dz/contracts' "console:
 * 接口管理" section; the secret is write-only (the server answers whether one is set and its last 4
 * characters, never the secret).
 */
import type { GatewayChangeList, PartnerCallListResponse, PartnerCallQuery, PartnerEndpointInput, PartnerHealthResult, PartnerSystemView } from '@dz/contracts';
import { http, type RequestOptions } from './request';

export type { GatewayChangeView, PartnerCallView, PartnerEndpointInput, PartnerHealthResult, PartnerSystemView } from '@dz/contracts';
export type BreakerState = PartnerSystemView['breaker'];
export type PartnerSource = PartnerSystemView['source'];

/** The call log's filters (ok: true = 成功, false = 失败, absent = both; from/to ISO instants). */
export type PartnerCallFilters = Omit<PartnerCallQuery, 'page' | 'pageSize'>;

const one = (partner: string) => `/api/admin/partners/${encodeURIComponent(partner)}`;

export const partnersApi = {
  list: (site: string) => http.get<PartnerSystemView[]>('/api/admin/partners', { site }),
  /** `secret` omitted or '' keeps the stored one. */
  save: (partner: string, site: string, body: PartnerEndpointInput) =>
    http.put<PartnerSystemView>(one(partner), body, { query: { site } }),
  /** Drops this site's own configuration so the site inherits again (only for source 'site'). */
  restoreInherited: (partner: string, site: string) => http.delete<void>(one(partner), { query: { site } }),
  health: (partner: string, site: string) =>
    http.post<PartnerHealthResult>(`${one(partner)}/health`, undefined, { query: { site } }),
  /**
   * Recent changes of the 统一支付平台's settings (who, when, what; refused attempts too; no
   * secrets). 403 unless payment:gateway, or audit:read at city or province level.
   */
  gatewayChanges: (options: Pick<RequestOptions, 'silent'> = {}) => http.get<GatewayChangeList>('/api/admin/partners/pay/changes', undefined, options),
  calls: (q: PartnerCallFilters & { page: number; pageSize: number }) =>
    http.get<PartnerCallListResponse>('/api/admin/partner-calls', { ...q }),
};
