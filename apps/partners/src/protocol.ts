/**
 * The sandbox side of the partner protocol (docs/partner-protocol.md): keeps the raw JSON body so
 * the signature can be checked over exactly the bytes that were signed, verifies every signed
 * request with the same `verifyRequest` the server's client is built against, answers in the
 * protocol's envelope, and honours `Idempotency-Key` on writes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import {
  EnvelopeCode,
  HEADER_IDEMPOTENCY,
  fail,
  sm3Hex,
  verifyRequest,
  type Envelope,
  type NonceStore,
} from '@dz/partner-protocol';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request body exactly as received (application/json only); '' when there was none. */
    rawBody?: string;
    /** Set when the JSON body did not parse; refused only after the signature was checked. */
    jsonError?: boolean;
    /** The app key whose signature was verified on this request. */
    appKey?: string;
  }
}

export const DEFAULT_APP_KEY = 'dz-sandbox';
export const DEFAULT_SECRET = 'sandbox-secret-not-for-production';

export function sendEnvelope<T>(reply: FastifyReply, status: number, envelope: Envelope<T>): FastifyReply {
  return reply.code(status).header('content-type', 'application/json; charset=utf-8').send(envelope);
}

/**
 * HTTP status of a business refusal (2xxx: BizCode in systems.ts). docs/partner-protocol.md §5
 * answers 2xxx with HTTP 200: the request itself was right and the envelope's code says what the
 * partner refused. Kept in one place so every module answers alike.
 */
export const BUSINESS_REFUSAL_STATUS = 200;

/** Answers a business refusal: envelope `{code: 2xxx, message, data: null}`. */
export function refuse(reply: FastifyReply, code: string, message: string): FastifyReply {
  return sendEnvelope(reply, BUSINESS_REFUSAL_STATUS, fail(code, message));
}

/** Answers a malformed request (a caller defect): HTTP 400, code 1004. */
export function badRequest(reply: FastifyReply, message: string): FastifyReply {
  return sendEnvelope(reply, 400, fail(EnvelopeCode.BAD_REQUEST, message));
}

/** Chinese message per refusal code; the protocol's English reason is appended for the caller's logs. */
const REFUSAL_MESSAGES: Record<string, string> = {
  [EnvelopeCode.BAD_SIGNATURE]: '签名缺失或校验失败',
  [EnvelopeCode.EXPIRED]: '请求时间戳超出5分钟有效期，请校准时钟后重新签名',
  [EnvelopeCode.REPLAY]: '请求随机数已使用（疑似重放），请使用新的随机数重新签名',
  [EnvelopeCode.UNKNOWN_APP]: '未知的应用标识（app key）',
};

/**
 * Replaces Fastify's JSON parser with one that keeps the raw string. A body that is not JSON is not
 * refused here: the parser runs before any hook, and refusing here would tell an unsigned caller
 * something about the endpoint before it authenticated. The signed preHandler refuses it instead.
 */
export function registerRawJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const raw = typeof body === 'string' ? body : body.toString('utf8');
    req.rawBody = raw;
    if (raw.trim() === '') return done(null, undefined);
    try {
      // Dropping __proto__ / constructor keys keeps a hostile body from reaching an Object.assign.
      done(null, JSON.parse(raw, (k, v: unknown) => (k === '__proto__' || k === 'constructor' ? undefined : v)));
    } catch {
      req.jsonError = true;
      done(null, undefined);
    }
  });
}

function hasBody(req: FastifyRequest): boolean {
  const len = req.headers['content-length'];
  return (len !== undefined && len !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/**
 * preHandler for a partner whose endpoints are signed. Refusals are envelopes with HTTP 401 and
 * the protocol's code (1001 signature, 1002 timestamp, 1003 replay, 1005 unknown app key).
 */
export function requireSignature(opts: {
  secretFor: (appKey: string) => string | undefined;
  nonces: NonceStore;
  now?: () => number;
}): preHandlerAsyncHookHandler {
  return async function verifySignature(req, reply) {
    if (hasBody(req) && req.rawBody === undefined) {
      // Only the JSON parser keeps the raw body; any other body cannot be checked against its signature.
      return sendEnvelope(reply, 415, fail(EnvelopeCode.BAD_REQUEST, '请求体必须为 application/json'));
    }
    const result = await verifyRequest({
      headers: req.headers,
      method: req.method,
      pathWithQuery: req.url,
      body: req.rawBody ?? '',
      secretFor: opts.secretFor,
      nonces: opts.nonces,
      ...(opts.now ? { now: opts.now() } : {}),
    });
    if (!result.ok) {
      req.log.warn({ code: result.code, reason: result.message }, 'partner request refused');
      const zh = REFUSAL_MESSAGES[result.code] ?? '请求被拒绝';
      return sendEnvelope(reply, 401, fail(result.code, `${zh}（${result.message}）`));
    }
    req.appKey = result.appKey;
    if (req.jsonError) return sendEnvelope(reply, 400, fail(EnvelopeCode.BAD_REQUEST, '请求体不是合法的 JSON'));
  };
}

interface IdempotencyRecord {
  fingerprint: string;
  expiresAt: number;
  /** undefined while the first request is still being handled. */
  response?: { status: number; payload: string };
}

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * What a partner must do with `Idempotency-Key` on a write: the first request with a key is
 * handled; a later one with the same key and the same body gets the stored answer again (header
 * `idempotent-replayed: true`) and causes no second effect; the same key with a different body is
 * refused, because the caller reused a key by mistake. Answers with HTTP 5xx are not stored, so a
 * retry after a partner fault is handled afresh. Register inside a signed partner's scope, after
 * `requireSignature` (keys are scoped per app key).
 */
export function idempotentWrites(app: FastifyInstance, opts: { now?: () => number; ttlMs?: number } = {}): void {
  const now = opts.now ?? Date.now;
  const ttl = opts.ttlMs ?? IDEMPOTENCY_TTL_MS;
  const records = new Map<string, IdempotencyRecord>();
  const pending = new WeakMap<FastifyRequest, string>();

  app.addHook('preHandler', async (req, reply) => {
    if (req.method === 'GET' || req.method === 'HEAD' || reply.sent) return;
    const header = req.headers[HEADER_IDEMPOTENCY];
    const key = Array.isArray(header) ? header[0] : header;
    if (!key || key.length > 128) {
      return sendEnvelope(reply, 400, fail(EnvelopeCode.BAD_REQUEST, '写操作必须携带 Idempotency-Key 请求头（1–128 个字符）'));
    }
    const t = now();
    if (records.size > 10_000) for (const [k, r] of records) if (r.expiresAt < t) records.delete(k);
    // Keys are scoped per caller; the fingerprint covers the whole request so that reusing a key
    // for another path or body is caught rather than answered with someone else's result.
    const id = `${req.appKey ?? ''}\n${key}`;
    const fingerprint = sm3Hex(`${req.method}\n${req.url}\n${req.rawBody ?? ''}`);
    const existing = records.get(id);
    if (existing && existing.expiresAt >= t) {
      if (existing.fingerprint !== fingerprint) {
        return sendEnvelope(reply, 409, fail(EnvelopeCode.BAD_REQUEST, '该 Idempotency-Key 已用于内容不同的请求，请为新请求生成新的键'));
      }
      if (!existing.response) {
        return sendEnvelope(reply, 409, fail(EnvelopeCode.BAD_REQUEST, '同一 Idempotency-Key 的请求正在处理，请稍后重试'));
      }
      return reply
        .code(existing.response.status)
        .header('content-type', 'application/json; charset=utf-8')
        .header('idempotent-replayed', 'true')
        .send(existing.response.payload);
    }
    records.set(id, { fingerprint, expiresAt: t + ttl });
    pending.set(req, id);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const id = pending.get(req);
    if (id === undefined) return payload;
    pending.delete(req);
    const record = records.get(id);
    if (!record) return payload;
    if (reply.statusCode >= 500 || typeof payload !== 'string') records.delete(id);
    else record.response = { status: reply.statusCode, payload };
    return payload;
  });

  // A request that never reached onSend (client went away mid-handling) must not leave its key
  // stuck "in progress" for a day: release it so the caller's retry is handled.
  const release = async (req: FastifyRequest) => {
    const id = pending.get(req);
    if (id === undefined) return;
    pending.delete(req);
    if (!records.get(id)?.response) records.delete(id);
  };
  app.addHook('onResponse', release);
  app.addHook('onRequestAbort', release);
}
