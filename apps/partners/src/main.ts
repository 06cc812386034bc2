/**
 * Process wrapper of the sandbox: configuration from the environment, logging, listening and a
 * graceful shutdown on SIGINT / SIGTERM (in-flight requests finish, injected delays are cut short).
 */
import { buildSandbox } from './app.js';
import { listenConfigFromEnv, sandboxOptionsFromEnv } from './config.js';

async function main(): Promise<void> {
  const listen = listenConfigFromEnv(process.env);
  const app = await buildSandbox({
    ...sandboxOptionsFromEnv(process.env),
    logger: { level: listen.logLevel, base: { svc: 'partners-sandbox' } },
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, '合作方沙箱正在关闭');
    // A hung close must not keep the process alive forever.
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => {
        app.log.info('合作方沙箱已关闭');
        process.exit(0);
      },
      (err: unknown) => {
        app.log.error(err, '关闭失败');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  await app.listen({ port: listen.port, host: listen.host });
  const faults = Object.entries(app.faults.snapshot()).filter(([, f]) => f.latencyMs > 0 || f.errorRate > 0);
  if (faults.length > 0) app.log.warn({ faults: Object.fromEntries(faults) }, '已启用故障注入（SANDBOX_FAULTS）');
}

main().catch((err: unknown) => {
  console.error('合作方沙箱启动失败：', err instanceof Error ? err.message : err);
  process.exit(1);
});
