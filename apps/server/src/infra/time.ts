/** ISO-8601 UTC, the one timestamp format stored in every table. */
export const nowIso = (): string => new Date().toISOString();
export const isoIn = (ms: number): string => new Date(Date.now() + ms).toISOString();

/**
 * Beijing time (Asia/Shanghai: UTC+8, no daylight saving since 1991), the clock staff and citizens
 * count days by — daily limits, statistics, reconciliation days, order and application numbers.
 */
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** 'YYYY-MM-DD' in Beijing. */
export const beijingDay = (ms = Date.now()): string => new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10);

/** 'YYYYMMDDHHmmss' in Beijing, for numbers people read out (订单号, 办件编号). */
export const beijingStamp = (ms = Date.now()): string => new Date(ms + BEIJING_OFFSET_MS).toISOString().replace(/\D/g, '').slice(0, 14);
