/**
 * Process wrapper: configuration, logger, listen, graceful shutdown. Everything else is in app.ts.
 *
 * WORKERS=1 runs one process, as before. WORKERS > 1 (the default: one per core) makes this
 * process the cluster primary (cluster.ts): it migrates and seeds once, then forks the workers,
 * which run this same file and land in `serve()` without preparing the database.
 */
import cluster from 'node:cluster';
import { buildApp, loggerOptions } from './app.js';
import { runPrimary } from './cluster.js';
import { ConfigError, exposureWarning, loadConfig, type Config } from './infra/config.js';

const printAdminPassword = (password: string) => {
  // Printed once, at the first start only; it is never stored in plain text.
  console.log(`\n  管理后台初始账号：admin  初始密码：${password}\n  （仅显示这一次；首次登录须修改密码并绑定动态验证码）\n`);
};

function warnExposure(config: Config): void {
  const warning = exposureWarning(config);
  if (warning) console.warn(`\n  ${warning}\n`);
}

/** One HTTP server: the whole process (WORKERS=1) or one cluster worker. */
async function serve(config: Config, worker: boolean): Promise<void> {
  const app = await buildApp({
    config,
    logger: loggerOptions(config.logLevel),
    prepare: !worker,
    workers: worker ? config.workers : 1,
    onAdminPasswordGenerated: printAdminPassword,
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // A worker whose primary is gone (killed outright) would otherwise serve on, unsupervised.
  if (worker) process.on('disconnect', () => shutdown('primary gone'));

  // A deep accept queue: a burst of new connections waits instead of being dropped (SYN retries cost seconds).
  await app.listen({ host: config.host, port: config.port, backlog: 2048 });
  // The search index is built on its first use; building it now, in its time slices while requests
  // are already answered, spares the first citizen who searches a wait of seconds on a large catalogue.
  app.searchIndex.current().catch((err: unknown) => app.log.warn({ err }, '搜索索引预热失败，将在首次搜索时重试'));
  if (!worker) {
    warnExposure(config);
    if (exposureWarning(config)) app.log.warn({ host: config.host }, 'embedded profile listening beyond loopback');
  }
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`配置错误：${err.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  if (cluster.isWorker) return serve(config, true);
  if (config.workers <= 1) return serve(config, false);
  await runPrimary(config, { onAdminPasswordGenerated: printAdminPassword, onListening: () => warnExposure(config) });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
