import { STORAGE_KEYS, readJson, writeJson } from './storage';

let cached: string | null = null;

/** 32 hex characters from the browser's CSPRNG; randomUUID exists only in secure contexts. */
function randomId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID().replace(/-/g, '');
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * This browser's anonymous id, created on first use and kept across visits (清除缓存 keeps it).
 * It carries nothing about the person; it only lets the server tell one device from another.
 */
export function deviceId(): string {
  if (cached) return cached;
  const stored = readJson<unknown>(STORAGE_KEYS.deviceId, null);
  // Same rule as the server's DEVICE_ID_PATTERN: anything else would be ignored there.
  if (typeof stored === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(stored)) {
    cached = stored;
  } else {
    cached = randomId();
    writeJson(STORAGE_KEYS.deviceId, cached);
  }
  return cached;
}

/** The header the server reads the device id from. */
export function deviceHeaders(): Record<string, string> {
  return { 'x-device-id': deviceId() };
}
