/** The audit export's worker thread (see audit.export.ts): its own database connection, the CSV, progress to the parent. */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../infra/db.js';
import { writeAuditCsv, type ExportWork } from './audit.export.js';

const work = workerData as ExportWork;
const port = parentPort!;
const { db, destroy } = await openDatabase(work.databaseUrl, { poolSize: 1 });
try {
  const done = await writeAuditCsv(db, work, (p) => port.postMessage({ type: 'progress', ...p }));
  port.postMessage({ type: 'done', ...done });
} catch (err) {
  port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
} finally {
  await destroy();
}
