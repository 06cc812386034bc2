/**
 * The one error handler (ARCHITECTURE rule 6): whatever layer raises an error — a service
 * (AppError), Ajv, Fastify's body parser and router, Node's HTTP parser, a plugin — the client
 * gets `{ code, message, requestId }` with one of our UPPER_SNAKE codes and a Chinese message.
 * Fastify's own codes (FST_ERR_*) and Node's English bodies are internals of the framework and
 * must never reach a citizen or a partner's client (issue 8, finding 6).
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';
import { toChinese } from './validation-messages.js';

interface Mapped {
  status: number;
  code: string;
  message: string;
}

/** Framework and plugin codes we know, in our words. */
const KNOWN: Record<string, Mapped> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'INVALID_JSON', message: '提交的内容不是有效的 JSON，请检查后重试' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'INVALID_JSON', message: '提交的内容为空，请填写后重试' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的内容类型，请以 JSON（application/json）提交' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_REQUEST', message: '请求内容的长度与声明不符，请重试' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: '提交的内容太大，请压缩后重试' },
  FST_ERR_BAD_URL: { status: 400, code: 'BAD_REQUEST', message: '请求地址不正确，请检查后重试' },
  FST_ERR_INVALID_URL: { status: 400, code: 'BAD_REQUEST', message: '请求地址不正确，请检查后重试' },
  FST_ERR_NOT_FOUND: { status: 404, code: 'NOT_FOUND', message: '接口不存在，请检查地址' },
  // @fastify/multipart (the image upload)
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: '文件太大，请压缩后重新上传' },
  FST_FILES_LIMIT: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: '一次只能上传一个文件' },
  FST_PARTS_LIMIT: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: '上传的内容过多，请只选择一个文件' },
  FST_FIELDS_LIMIT: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: '上传的内容过多，请只选择一个文件' },
  FST_PROTO_VIOLATION: { status: 400, code: 'BAD_REQUEST', message: '上传的内容不正确，请重新选择文件' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: '请以 multipart/form-data 上传文件' },
  FST_NO_FORM_DATA: { status: 400, code: 'BAD_REQUEST', message: '没有收到文件，请重新选择后上传' },
};

/** Any other 4xx, by status. */
const BY_STATUS: Record<number, Omit<Mapped, 'status'>> = {
  400: { code: 'BAD_REQUEST', message: '请求不正确，请检查后重试' },
  401: { code: 'UNAUTHENTICATED', message: '请先登录' },
  403: { code: 'FORBIDDEN', message: '您没有权限进行此操作' },
  404: { code: 'NOT_FOUND', message: '您要找的内容不存在或已删除' },
  405: { code: 'METHOD_NOT_ALLOWED', message: '不支持该请求方式' },
  406: { code: 'NOT_ACCEPTABLE', message: '无法按要求的格式返回内容' },
  408: { code: 'REQUEST_TIMEOUT', message: '请求超时，请重试' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: '提交的内容太大，请压缩后重试' },
  414: { code: 'URI_TOO_LONG', message: '请求地址太长，请缩短后重试' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的内容类型，请以 JSON（application/json）提交' },
  429: { code: 'RATE_LIMITED', message: '操作太频繁，请稍后再试' },
  431: { code: 'HEADERS_TOO_LARGE', message: '请求头太大，请清除本站 Cookie 后重试' },
};

const INTERNAL = { code: 'INTERNAL_ERROR', message: '系统繁忙，请稍后重试；如多次出现，请把编号告诉客服' };

/** Our codes are UPPER_SNAKE; Fastify's (FST_*) and Node's (ERR_*, ECONN*) are not ours to show. */
const isOwnCode = (code: unknown): code is string => typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code) && !/^(FST_|ERR_|E[A-Z]+$)/.test(code);
const hasCjk = (s: unknown): s is string => typeof s === 'string' && /[\u4e00-\u9fff]/.test(s);

/** The body for a framework or plugin error that is not an AppError nor a validation failure. */
export function mapFrameworkError(err: { code?: string; statusCode?: number; message?: string }): Mapped {
  const known = err.code ? KNOWN[err.code] : undefined;
  if (known) return known;
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
  if (status >= 500) return { status, ...INTERNAL };
  const fallback = BY_STATUS[status] ?? BY_STATUS[400]!;
  // A plugin that already speaks our language (rate-limit's errorResponseBuilder) keeps its words.
  return { status, code: isOwnCode(err.code) ? err.code : fallback.code, message: hasCjk(err.message) ? err.message : fallback.message };
}

type AnyError = Error & { statusCode?: number; validation?: unknown; code?: string; validationContext?: string };

function handle(err: AnyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) {
    if (err.extra.retryAfterSeconds) reply.header('retry-after', err.extra.retryAfterSeconds);
    return reply.status(err.statusCode).send({ code: err.code, message: err.message, requestId: req.id, ...err.extra });
  }
  if (err.validation) {
    const { message, fields } = toChinese(err.validation as never, err.validationContext);
    return reply.status(400).send({ code: 'VALIDATION_FAILED', message, fields, requestId: req.id });
  }
  const mapped = mapFrameworkError(err);
  if (mapped.status >= 500) req.log.error({ err }, 'unhandled error');
  else req.log.info({ code: err.code, status: mapped.status }, 'request rejected');
  if (mapped.status === 429 && !reply.getHeader('retry-after')) reply.header('retry-after', 60);
  return reply.status(mapped.status).send({ code: mapped.code, message: mapped.message, requestId: req.id });
}

/** Registers the error handler (one line in app.ts). */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(handle);
}

/**
 * Fastify's `frameworkErrors` option: a URL the router cannot decode (`/api/%E0`) would otherwise
 * be answered with Fastify's English body before any hook runs.
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const mapped = mapFrameworkError(err);
  void reply.status(mapped.status).header('x-request-id', req.id).send({ code: mapped.code, message: mapped.message, requestId: req.id });
}

/**
 * Fastify's `clientErrorHandler`: requests Node's HTTP parser rejects (malformed request line,
 * headers over the size limit → 431, header timeout → 408) never reach Fastify, so the answer is
 * written to the socket by hand — still `{ code, message }` in Chinese.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const m = BY_STATUS[status]!;
  const body = JSON.stringify({ code: m.code, message: status === 400 ? '请求格式不正确，请检查后重试' : m.message });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
