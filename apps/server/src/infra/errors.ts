/**
 * One error shape for the whole API (ARCHITECTURE rule 6): `{ code, message }` with a Chinese
 * message that tells the user what to do next. Services throw AppError; the handler in app.ts
 * turns anything else into a 500 that hides internals.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: { fields?: Record<string, string>; retryAfterSeconds?: number; details?: Record<string, unknown> } = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, fields?: Record<string, string>) => new AppError(400, 'VALIDATION_FAILED', message, fields ? { fields } : {});
export const unauthenticated = (message = '请先登录') => new AppError(401, 'UNAUTHENTICATED', message);
export const forbidden = (message = '您没有权限进行此操作，如需开通请联系本级管理员') => new AppError(403, 'FORBIDDEN', message);
export const notFound = (message = '您要找的内容不存在或已删除') => new AppError(404, 'NOT_FOUND', message);
export const conflict = (code: string, message: string) => new AppError(409, code, message);
export const tooMany = (message: string, retryAfterSeconds: number) => new AppError(429, 'RATE_LIMITED', message, { retryAfterSeconds });
export const locked = (message: string, retryAfterSeconds: number) => new AppError(423, 'ACCOUNT_LOCKED', message, { retryAfterSeconds });
export const partnerUnavailable = (message = '服务暂不可用，请稍后重试') => new AppError(503, 'PARTNER_UNAVAILABLE', message);

/** Human wording for a wait: “15分钟” / “45秒”. */
export function describeWait(seconds: number): string {
  if (seconds >= 60) return `${Math.ceil(seconds / 60)}分钟`;
  return `${Math.max(1, Math.ceil(seconds))}秒`;
}
