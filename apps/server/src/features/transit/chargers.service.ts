/**
 * 充电桩查询: the charging operator's stations of a county (the city: all counties), matching a name
 * or an address, with their connectors' live status counted per kind (快充 / 慢充) and, given the
 * citizen's point, their distance (nearest first). Nothing is kept: the status is live.
 */
import { CITY_SITE, type ChargerListResponse, type ChargerQuery, type ChargerStation } from '@dz/contracts';
import type { AppContext } from '../../infra/context.js';
import { badRequest } from '../../infra/errors.js';
import type { ChargingConnector } from '../../partners/connectors/charging.js';
import { distanceMeters } from './planner/geo.js';

export class ChargersService {
  constructor(
    private readonly ctx: Pick<AppContext, 'sites'>,
    private readonly charging: ChargingConnector,
  ) {}

  async list(q: ChargerQuery, requestId?: string): Promise<ChargerListResponse> {
    const site = q.site ?? CITY_SITE;
    const lineage = await this.ctx.sites.ancestry(site);
    // The operator serves 达州: the city (all of it) or one of its counties.
    if (!lineage.includes(CITY_SITE)) throw badRequest(lineage.length ? '充电桩查询仅支持达州市及所辖区县' : '站点不存在', { site: lineage.length ? '不在达州市范围' : '站点不存在' });
    if ((q.lat === undefined) !== (q.lng === undefined)) throw badRequest('请同时提供纬度和经度', { [q.lat === undefined ? 'lat' : 'lng']: '缺少坐标' });
    const term = q.q?.trim() || undefined;
    const answer = await this.charging.stations(site, site, term, { requestId });
    const names = new Map((await this.ctx.sites.list()).map((s) => [s.code, s.name]));
    const stations = answer.stations
      // The operator was asked for one county; a station of another is not this page's.
      .filter((s) => site === CITY_SITE || s.county === site)
      .map((s): ChargerStation => {
        const count = (kind: 'fast' | 'slow', free: boolean) => s.connectors.filter((c) => c.kind === kind && (!free || c.status === 'free')).length;
        return {
          id: s.id,
          name: s.name,
          address: s.address,
          siteCode: s.county,
          siteName: names.get(s.county) ?? '',
          operator: s.operator,
          openHours: s.openHours,
          lat: s.lat,
          lng: s.lng,
          priceFenPerKwh: s.priceFenPerKwh,
          serviceFeeFenPerKwh: s.serviceFeeFenPerKwh,
          parking: s.parking,
          ...(q.lat !== undefined && q.lng !== undefined ? { distanceMeters: Math.round(distanceMeters(q.lat, q.lng, s.lat, s.lng)) } : {}),
          connectors: s.connectors,
          fastFree: count('fast', true),
          fastTotal: count('fast', false),
          slowFree: count('slow', true),
          slowTotal: count('slow', false),
        };
      });
    if (q.lat !== undefined) stations.sort((a, b) => a.distanceMeters! - b.distanceMeters!);
    return { stations, updatedAt: answer.updatedAt };
  }
}
