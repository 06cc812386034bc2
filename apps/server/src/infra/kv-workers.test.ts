/**
 * Where LocalStore keeps each key: one process keeps only the abuse counters in the database;
 * several workers on one machine keep everything there except the declared process-local
 * throttles — and WORKERS is parsed with a Chinese error on a bad value.
 */
import { describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { LocalStore, MemoryStore, PROCESS_LOCAL_KEY_PREFIXES } from './kv.js';
import { ConfigError, loadConfig, parseWorkers } from './config.js';
import { CONTENT_VERSION_KEY } from './content-version.js';

/** Which of the two stores a key landed in. */
async function placement(mode: 'single' | 'shared', key: string): Promise<'durable' | 'memory'> {
  const durable = new MemoryStore();
  const memory = new MemoryStore();
  const store = new LocalStore(durable, memory, mode);
  await store.set(key, '1', 60_000);
  const where = (await durable.get(key)) === '1' ? 'durable' : 'memory';
  expect(await store.get(key)).toBe('1');
  await store.close();
  return where;
}

describe('LocalStore', () => {
  it('one process: only abuse counters go to the database', async () => {
    expect(await placement('single', 'sms:day:x')).toBe('durable');
    expect(await placement('single', 'login:ghost:x')).toBe('durable');
    expect(await placement('single', CONTENT_VERSION_KEY)).toBe('memory');
    expect(await placement('single', 'oauth:state:abc')).toBe('memory');
  });

  it('several workers: every cross-request key is shared, only the declared throttles stay local', async () => {
    for (const key of [CONTENT_VERSION_KEY, 'oauth:state:abc', 'paylock:water:1', 'partners:endpoints:version', 'billq:water:1:2026-12-06', 'recon:2026-12-05', 'pay-nonce:k:n', 'sms:day:x', 'jobs:leader']) {
      expect(await placement('shared', key), key).toBe('durable');
    }
    for (const prefix of PROCESS_LOCAL_KEY_PREFIXES) expect(await placement('shared', `${prefix}42`)).toBe('memory');
  });
});

describe('WORKERS', () => {
  it('defaults to one per core; takes a count or auto', () => {
    expect(parseWorkers(undefined)).toBe(availableParallelism());
    expect(parseWorkers('auto')).toBe(availableParallelism());
    expect(parseWorkers(' 4 ')).toBe(4);
    expect(parseWorkers('1')).toBe(1);
    expect(loadConfig({ WORKERS: '3' }, { dataKey: Buffer.alloc(16), indexKey: Buffer.alloc(16) }).workers).toBe(3);
  });

  it('refuses anything else in Chinese', () => {
    for (const bad of ['0', '-1', '2.5', 'many', '257']) {
      expect(() => parseWorkers(bad)).toThrow(ConfigError);
      expect(() => parseWorkers(bad)).toThrow(/WORKERS 须为 1 到 256 之间的整数/);
    }
  });
});
