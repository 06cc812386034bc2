#!/usr/bin/env node
// `npm start`: install, build, migrate, seed and serve everything on the embedded defaults.
// Starts the partner sandbox beside the server unless PARTNERS_BASE_URL names real systems.
import { ensureBuilt, ensureInstalled, spawnChild, step } from './lib.mjs';

ensureInstalled();
ensureBuilt(process.argv.includes('--rebuild'));

const port = Number(process.env.PORT ?? 8080);
const sandboxPort = Number(process.env.PARTNERS_PORT ?? 8090);
const children = [];
// The demo console stays readable: warnings and errors only, unless LOG_LEVEL says otherwise.
const env = { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
if (!process.env.PARTNERS_BASE_URL) {
  step(`启动合作方沙箱 http://127.0.0.1:${sandboxPort}`);
  children.push(spawnChild('合作方沙箱', process.execPath, ['apps/partners/dist/main.js'], { PARTNERS_PORT: String(sandboxPort), LOG_LEVEL: env.LOG_LEVEL }));
  env.PARTNERS_BASE_URL = `http://127.0.0.1:${sandboxPort}`;
}
step('启动服务（数据库迁移与演示数据在启动时自动完成）');
const server = spawnChild('服务端', process.execPath, ['apps/server/dist/server.js'], env);
children.push(server);

// Print where things are once the server answers.
const base = `http://127.0.0.1:${port}`;
const started = Date.now();
const timer = setInterval(async () => {
  try {
    const res = await fetch(`${base}/api/health`);
    if (!res.ok) return;
    clearInterval(timer);
    console.log(`
  天府通办 · 达州分站 已启动（${((Date.now() - started) / 1000).toFixed(1)} 秒）
  ─────────────────────────────────────────────
  市民端 H5     ${base}/
  管理后台      ${base}/admin/
  API 文档      ${base}/api/docs
  合作方沙箱    ${env.PARTNERS_BASE_URL ?? process.env.PARTNERS_BASE_URL}
  演示市民账号  13900000001 / Demo@2026
  管理员账号    admin（初始密码见上方首次启动输出，或环境变量 ADMIN_INITIAL_PASSWORD）
  短信验证码    开发环境写入发件箱：${base}/api/dev/sms-outbox?phone=手机号
  按 Ctrl+C 停止
`);
  } catch {
    if (Date.now() - started > 60_000) {
      clearInterval(timer);
      console.error('服务 60 秒内未就绪，请查看上面的日志');
    }
  }
}, 500);

const stop = () => {
  for (const c of children) c.kill('SIGTERM');
  setTimeout(() => process.exit(0), 500).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => {
  for (const c of children) c.kill('SIGTERM');
  process.exit(code ?? 1);
});
