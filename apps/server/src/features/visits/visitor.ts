/**
 * Who a request comes from, for 搜索历史, 我的足迹 and visit counting. A logged-in citizen is
 * "u:<id>". An anonymous H5 sends `x-device-id`, a random id it keeps in localStorage; only a
 * keyed digest of it is stored ("d:<hmac>"), so the tables hold no identifier that could be replayed
 * as the header or linked to the device elsewhere (GB/T 35273 §6.2 去标识化).
 */
import type { FastifyRequest } from 'fastify';
import { DEVICE_HEADER, DEVICE_ID_PATTERN } from '@dz/contracts';

const DEVICE_ID = new RegExp(DEVICE_ID_PATTERN);

/** "d:<digest>" for a well-formed device id header, else null. */
export function deviceKey(req: FastifyRequest): string | null {
  const raw = req.headers[DEVICE_HEADER];
  if (typeof raw !== 'string' || !DEVICE_ID.test(raw)) return null;
  return `d:${req.server.ctx.gm.mac(`device:${raw}`).slice(0, 40)}`;
}

/** The owner of a search history: the citizen when logged in, else the device, else nobody. */
export function ownerKey(req: FastifyRequest): string | null {
  return req.userId ? `u:${req.userId}` : deviceKey(req);
}

/**
 * The visitor counted for UV. Without a session or device id, a digest of address and browser
 * stands in: good enough for a daily distinct count, and not reversible to the address.
 */
export function visitorKey(req: FastifyRequest): string {
  return ownerKey(req) ?? `a:${req.server.ctx.gm.mac(`anon:${req.ip}|${req.headers['user-agent'] ?? ''}`).slice(0, 40)}`;
}
