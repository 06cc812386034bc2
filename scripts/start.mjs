#!/usr/bin/env node
// `npm start`: install, build, migrate, seed and serve everything on the embedded defaults, with
// one server worker per CPU core (WORKERS).
// Starts the partner sandbox beside the server unless PARTNERS_BASE_URL names real systems.
import { ensureBuilt, ensureInstalled, spawnChild, step } from './lib.mjs';

ensureInstalled();
ensureBuilt(process.argv.includes('--rebuild'));
// Built just above: the banner pings the partner systems with the same signature the server uses.
const { PartnerNames, signRequest } = await import('@dz/partner-protocol');
// The server's own rule for WORKERS, so the banner says what runs (a bad value: the server reports it).
const { parseWorkers } = await import('../apps/server/dist/infra/config.js');
let workers = null;
try {
  workers = parseWorkers(process.env.WORKERS);
} catch {
  /* the server prints the configuration error and exits */
}

const port = Number(process.env.PORT ?? 8080);
const sandboxPort = Number(process.env.PARTNERS_PORT ?? 8090);
const children = [];
// The demo console stays readable: warnings and errors only, unless LOG_LEVEL says otherwise.
const env = { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
const configured = process.env.PARTNERS_BASE_URL;
if (configured) {
  step(`合作方系统使用 PARTNERS_BASE_URL=${configured}，不启动本机沙箱`);
} else {
  step(`启动合作方沙箱 http://127.0.0.1:${sandboxPort}`);
  children.push(spawnChild('合作方沙箱', process.execPath, ['apps/partners/dist/main.js'], { PARTNERS_PORT: String(sandboxPort), LOG_LEVEL: env.LOG_LEVEL }));
  env.PARTNERS_BASE_URL = `http://127.0.0.1:${sandboxPort}`;
}
step('启动服务（数据库迁移与演示数据在启动时自动完成）');
const server = spawnChild('服务端', process.execPath, ['apps/server/dist/server.js'], env);
children.push(server);

/**
 * Whether the partner systems answer at `url`: a signed GET /v1/<partner>/ping each (the same call
 * as 接口管理's health check), 2 s at most. An operator who set PARTNERS_BASE_URL learns at once
 * that nothing listens there, or that the AppKey / secret are refused, instead of at the first bill.
 */
async function pingPartners(url) {
  const appKey = process.env.PARTNER_APP_KEY ?? 'dz-sandbox';
  const secret = process.env.PARTNER_SECRET ?? 'sandbox-secret-not-for-production';
  const results = await Promise.all(
    PartnerNames.map(async (partner) => {
      const path = `/v1/${partner}/ping`;
      try {
        const res = await fetch(url.replace(/\/$/, '') + path, { headers: signRequest({ appKey, secret, method: 'GET', pathWithQuery: path, body: '' }), signal: AbortSignal.timeout(2000) });
        const env = await res.json().catch(() => null);
        if (env?.code === '0000') return { partner, ok: true };
        if (env?.code) return { partner, ok: false, why: `拒绝了签名（${env.code} ${env.message ?? ''}），请检查 PARTNER_APP_KEY / PARTNER_SECRET` };
        return { partner, ok: false, why: `有应答（HTTP ${res.status}）但不是合作方协议接口，请检查地址` };
      } catch (err) {
        return { partner, ok: false, why: err?.name === 'TimeoutError' ? '2 秒内无应答' : `无法连接（${err?.cause?.code ?? err?.cause?.errors?.[0]?.code ?? err?.cause?.message ?? err?.message ?? '网络错误'}）` };
      }
    }),
  );
  const bad = results.filter((r) => !r.ok);
  if (!bad.length) return `✓ ${results.length} 个系统均应答正常`;
  if (bad.length === results.length && bad.every((r) => r.why === bad[0].why)) return `✗ 无法使用：${bad[0].why}，相关业务将提示“服务暂不可用”`;
  return [`✗ ${bad.length}/${results.length} 个系统无法使用，相关业务将提示“服务暂不可用”：`, ...bad.map((r) => `      ${r.partner}：${r.why}`)].join('\n');
}

// Print where things are once the server answers.
const base = `http://127.0.0.1:${port}`;
const started = Date.now();
let ready = false;
const timer = setInterval(async () => {
  try {
    const res = await fetch(`${base}/api/health`);
    // Two ticks may be in flight at once: one banner.
    if (!res.ok || ready) return;
    ready = true;
    clearInterval(timer);
    const partnersUrl = configured ?? env.PARTNERS_BASE_URL;
    const partnersLine = configured ? `合作方系统    ${configured}（PARTNERS_BASE_URL；未启动本机沙箱）` : `合作方沙箱    ${partnersUrl}（本机沙箱，演示数据）`;
    const reach = await pingPartners(partnersUrl);
    console.log(`
  天府通办 · 达州分站 已启动（${((Date.now() - started) / 1000).toFixed(1)} 秒）
  ─────────────────────────────────────────────
  市民端 H5     ${base}/
  管理后台      ${base}/admin/
  API 文档      ${base}/api/docs
  工作进程      ${workers === 1 ? '1 个（单进程，WORKERS=1）' : `${workers} 个（每个 CPU 核一个；WORKERS 可调，1 为单进程）`}
  ${partnersLine}
                ${reach}
                （各站点在管理后台“接口管理”中的配置优先于此处）
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
