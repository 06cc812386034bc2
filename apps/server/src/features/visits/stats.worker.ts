/**
 * The statistics worker thread (see stats.reader.ts for what it computes and stats.runner.ts for
 * why it exists). It opens its own small connection to the same database — on SQLite a second
 * connection to the same file, which WAL lets read while the server writes — and answers one
 * message per request.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, type Database } from '../../infra/db.js';
import { readDetail, readStats } from './stats.reader.js';
import type { StatsRequest, StatsResponse } from './stats.runner.js';

const { databaseUrl } = workerData as { databaseUrl: string };
let opened: Promise<Database> | null = null;

parentPort!.on('message', (msg: StatsRequest | 'close') => {
  if (msg === 'close') {
    void (opened ? opened.then((d) => d.destroy()) : Promise.resolve()).finally(() => parentPort!.close());
    return;
  }
  void (async () => {
    let reply: StatsResponse;
    try {
      opened ??= openDatabase(databaseUrl, { poolSize: 2 });
      const { db } = await opened;
      reply = { id: msg.id, ok: true, value: msg.op === 'stats' ? await readStats(db, msg.filter) : await readDetail(db, msg.filter) };
    } catch (err) {
      reply = { id: msg.id, ok: false, error: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) };
    }
    parentPort!.postMessage(reply);
  })();
});
