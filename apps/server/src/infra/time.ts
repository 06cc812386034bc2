/** ISO-8601 UTC, the one timestamp format stored in every table. */
export const nowIso = (): string => new Date().toISOString();
export const isoIn = (ms: number): string => new Date(Date.now() + ms).toISOString();
