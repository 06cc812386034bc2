/**
 * 充电运营平台（模拟）: the charging operator's stations over 达州's counties with their connectors
 * (快充 / 慢充, power, price) and live status (stations.ts), as partner-protocol transit.ts
 * specifies. Signed like every partner call.
 */
import type { FastifyInstance } from 'fastify';
import { ok, type ChargingStationsResult } from '@dz/partner-protocol';
import { badRequest, sendEnvelope } from '../../protocol.js';
import type { PartnerContext, PartnerModule } from '../types.js';
import { stationsAt } from './stations.js';

const MAX_Q = 50;

async function chargingRoutes(app: FastifyInstance, ctx: PartnerContext): Promise<void> {
  app.get<{ Querystring: { county?: string; q?: string } }>('/v1/charging/stations', async (req, reply) => {
    const { county, q } = req.query;
    // A county outside 达州 is a well-formed question with no station in it: an empty list.
    if (typeof county !== 'string' || !/^\d{6}$/.test(county)) return badRequest(reply, 'county 必填，应为6位行政区划代码（511700 为全市）');
    if (q !== undefined && (typeof q !== 'string' || [...q].length > MAX_Q)) return badRequest(reply, `q 不超过${MAX_Q}个字符`);
    const now = ctx.now();
    const needle = q?.trim() || undefined;
    return sendEnvelope<ChargingStationsResult>(reply, 200, ok({ stations: stationsAt(county, needle, now), updatedAt: new Date(now).toISOString() }));
  });
}

export const chargingPartner: PartnerModule = {
  name: 'charging',
  title: '充电运营平台（模拟）',
  owner: '达州市能源投资集团新能源公司（演示）',
  description:
    '全市 31 个演示充电站（名称带“（演示）”），分布在通川区、达川区、宣汉县、开江县、大竹县、渠县、万源市；每站有快充（60/120 kW）和/或慢充（7 kW）终端，电费与服务费（分/度）、开放时间、停车收费说明。终端状态（空闲 / 占用 / 故障）每 5 分钟变化一次，白天更繁忙，少数终端当天故障。',
  signed: true,
  endpoints: [
    {
      method: 'GET',
      path: '/v1/charging/stations?county=&q=',
      summary: '充电站列表：county 为区县代码，511700 为全市；q 按名称或地址包含匹配；每站含终端及实时状态 free | busy | fault',
    },
  ],
  routes: chargingRoutes,
};
