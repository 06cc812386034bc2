/**
 * Starts a worker thread from a module beside the caller, from the TypeScript sources or from dist.
 *
 * Work that scans a growing table (访问统计's sketch unions, the audit CSV export) runs in a worker
 * thread so the event loop keeps answering. From source (tests, benches, `npm run dev`) the entry
 * is a .ts file, and Node 20 applies no --import loader to a worker's entry: a two-line bootstrap
 * registers tsx's loader in the thread first, then imports the entry. From dist it is plain
 * JavaScript and starts directly.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * @param callerUrl the caller's `import.meta.url`: source or dist is decided from it
 * @param entry the worker module's path relative to the caller, without extension (`./stats.worker`)
 */
export function startWorker(callerUrl: string, entry: string, workerData: unknown): Worker {
  const fromSource = callerUrl.endsWith('.ts');
  const url = new URL(`${entry}.${fromSource ? 'ts' : 'js'}`, callerUrl);
  if (!fromSource) return new Worker(url, { workerData });
  const tsx = pathToFileURL(createRequire(callerUrl).resolve('tsx/esm/api')).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData, execArgv: ['--conditions=source'] });
}
