/**
 * 公交公司实时公交系统（模拟）: the bus company publishes its live data the way real agencies do,
 * as a GTFS-Realtime FeedMessage in protobuf (partner-protocol transit.ts), for the buses it runs
 * on its GTFS timetable (feed.ts: the demo feed the console imports, or BUS_GTFS_DIR). Signed like
 * every partner call; errors and faults answer the protocol's JSON envelope.
 */
import type { FastifyInstance } from 'fastify';
import { BUS_RT_PATH, BizCode, GTFS_RT_CONTENT_TYPE, ok } from '@dz/partner-protocol';
import { isRecord, text } from '../../lib/body.js';
import { badRequest, refuse, sendEnvelope } from '../../protocol.js';
import { perSandbox, type PartnerContext, type PartnerModule } from '../types.js';
import { busFeed } from './feed.js';
import { MAX_PINNED_DELAY_S, MIN_PINNED_DELAY_S, busesAt, feedMessage } from './simulation.js';

/** Delays a test pinned (trip id → seconds), per sandbox. */
const pins = perSandbox(() => new Map<string, number>());

async function busRoutes(app: FastifyInstance, ctx: PartnerContext): Promise<void> {
  const pinned = pins(ctx);
  app.get(BUS_RT_PATH, async (_req, reply) => {
    const now = ctx.now();
    const bytes = feedMessage(busesAt(busFeed(), now, pinned), now);
    return reply
      .code(200)
      .header('content-type', GTFS_RT_CONTENT_TYPE)
      .header('cache-control', 'no-store')
      .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });
}

async function busControlRoutes(app: FastifyInstance, ctx: PartnerContext): Promise<void> {
  const pinned = pins(ctx);
  app.post('/_control/bus/delays', async (req, reply) => {
    const body = req.body;
    const tripId = isRecord(body) ? text(body.tripId, 100) : null;
    const delayS = isRecord(body) ? body.delayS : undefined;
    if (!tripId || typeof delayS !== 'number' || !Number.isInteger(delayS) || delayS < MIN_PINNED_DELAY_S || delayS > MAX_PINNED_DELAY_S) {
      return badRequest(reply, `请求体应为 {tripId, delayS: ${MIN_PINNED_DELAY_S}–${MAX_PINNED_DELAY_S} 的整数（秒，负数为提前）}`);
    }
    if (!busFeed().trips.has(tripId)) return refuse(reply, BizCode.NOT_FOUND, '时刻表中没有该车次');
    pinned.set(tripId, delayS);
    return sendEnvelope(reply, 200, ok({ tripId, delayS }));
  });
  app.post('/_control/bus/reset', async (_req, reply) => {
    pinned.clear();
    return sendEnvelope(reply, 200, ok({ reset: true }));
  });
}

export const busPartner: PartnerModule = {
  name: 'bus',
  title: '公交公司实时公交系统（模拟）',
  owner: '达州市公共交通有限公司（演示）',
  description:
    '按演示 GTFS 时刻表（data/gtfs/dazhou-demo，10 条线路，可用 BUS_GTFS_DIR 指定其他时刻表）运行公交车：当前时刻（北京时间）在途的每个车次，包括昨天开出、过了零点仍在运行的夜班车和按发车间隔运营的 K1 的每个班次；车辆沿线路走向在上一站与下一站之间移动，每个车次有 0–4 分钟缓慢变化的延误。以标准 GTFS-Realtime（protobuf）发布车辆位置与到站预测。车牌为演示号码。',
  signed: true,
  endpoints: [
    {
      method: 'GET',
      path: BUS_RT_PATH,
      summary: 'GTFS-Realtime FeedMessage（application/x-protobuf，FULL_DATASET）：每辆在途车辆的 VehiclePosition（车次、位置、方向角、当前/下一站）与 TripUpdate（前方各站的延误与预计到达时间）',
    },
    { method: 'POST', path: '/_control/bus/delays', summary: '测试：固定某车次的延误 {tripId, delayS}（秒，−600–3600）', access: 'control' },
    { method: 'POST', path: '/_control/bus/reset', summary: '测试：清除固定的延误，恢复自然延误', access: 'control' },
  ],
  routes: busRoutes,
  controlRoutes: busControlRoutes,
};
