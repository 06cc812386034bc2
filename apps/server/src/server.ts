/**
 * Process wrapper: configuration, logger, listen, graceful shutdown. Everything else is in app.ts.
 */
import { buildApp, loggerOptions } from './app.js';
import { ConfigError, exposureWarning, loadConfig } from './infra/config.js';

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
  const app = await buildApp({
    config,
    logger: loggerOptions(config.logLevel),
    onAdminPasswordGenerated: (password) => {
      // Printed once, at the first start only; it is never stored in plain text.
      console.log(`\n  管理后台初始账号：admin  初始密码：${password}\n  （仅显示这一次；首次登录须修改密码并绑定动态验证码）\n`);
    },
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

  // A deep accept queue: a burst of new connections waits instead of being dropped (SYN retries cost seconds).
  await app.listen({ host: config.host, port: config.port, backlog: 2048 });
  const warning = exposureWarning(config);
  if (warning) {
    console.warn(`\n  ${warning}\n`);
    app.log.warn({ host: config.host }, 'embedded profile listening beyond loopback');
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
