/**
 * The sandbox's few HTML pages (landing page, 统一身份认证 pages) share one layout so they look like
 * one government system, meet the accessibility rules (lang="zh-CN", labels, contrast ≥ 4.5:1,
 * usable at 375 px) and carry the same security headers.
 */
import type { FastifyReply } from 'fastify';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Tagged template that escapes every interpolated value unless it is already `SafeHtml`. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    const items = Array.isArray(v) ? v : [v];
    for (const item of items) {
      if (item === undefined || item === null || item === false) continue;
      out += item instanceof SafeHtml ? item.value : escapeHtml(String(item));
    }
    out += strings[i + 1] ?? '';
  });
  return new SafeHtml(out);
}

// Colours chosen for WCAG 2.1 AA (≥ 4.5:1): #1f2329 on white 15.8:1, #4e5969 on white 7.1:1 and on
// #f2f4f7 6.5:1, white on #0b57d0 6.4:1, #b3261e on #fdecea 5.7:1, #6b3d00 on #fff4e5 8.4:1.
const STYLE = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;font-size:16px;line-height:1.6;color:#1f2329;background:#f2f4f7}
header{background:#0b57d0;color:#fff;padding:14px 16px}
header .brand{font-size:18px;font-weight:600;margin:0}
header .sub{font-size:14px;margin:0}
main{max-width:480px;margin:0 auto;padding:16px}
.wide main{max-width:880px}
.sandbox{background:#fff4e5;color:#6b3d00;border-radius:8px;padding:8px 12px;font-size:14px;margin-bottom:12px}
.card{background:#fff;border-radius:12px;padding:16px;margin-bottom:12px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
h1{font-size:20px;margin:0 0 8px}
h2{font-size:17px;margin:0 0 8px}
p{margin:0 0 8px}
.muted{color:#4e5969;font-size:14px}
.error{background:#fdecea;color:#b3261e;border-radius:8px;padding:10px 12px;margin-bottom:12px}
fieldset{border:0;margin:0;padding:0}
legend{font-weight:600;margin-bottom:8px;padding:0}
.account{display:flex;align-items:center;gap:12px;min-height:56px;padding:10px 12px;border:1px solid #c9cdd4;border-radius:10px;margin-bottom:8px;cursor:pointer;background:#fff}
.account input{width:22px;height:22px;margin:0;flex:none;accent-color:#0b57d0}
.account .who{display:flex;flex-direction:column}
.account .name{font-weight:600}
.account:has(input:checked){border-color:#0b57d0;background:#eef4ff}
ul.scopes{margin:0 0 16px;padding-left:20px}
.actions{display:flex;flex-direction:column;gap:10px;margin-top:16px}
button{font:inherit;min-height:48px;border-radius:24px;cursor:pointer;width:100%}
button.primary{background:#0b57d0;color:#fff;border:0;font-weight:600}
button.secondary{background:#fff;color:#0b57d0;border:1px solid #0b57d0}
button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #f0a020;outline-offset:2px}
a{color:#0b57d0}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e5e6eb;vertical-align:top}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;overflow-wrap:anywhere}
code.nowrap{white-space:nowrap}
.scroll{overflow-x:auto}
footer{text-align:center;color:#4e5969;font-size:13px;padding:16px}
`;

export interface PageOptions {
  title: string;
  subtitle?: string;
  body: SafeHtml;
  wide?: boolean;
  /**
   * Brand colour of the header, primary buttons and links, as #rrggbb (a constant of the code,
   * never input). It must give white text — and itself on white — a contrast of at least 4.5:1.
   */
  accent?: string;
  /** Extra CSS of this page (a constant of the code, never input). */
  style?: string;
}

export function page(opts: PageOptions): string {
  let extra = opts.style ?? '';
  if (opts.accent) {
    if (!/^#[0-9a-fA-F]{6}$/.test(opts.accent)) throw new Error(`accent must be #rrggbb: ${opts.accent}`);
    const a = opts.accent;
    extra = `header{background:${a}}button.primary,a.button.primary{background:${a};color:#fff}button.secondary,a.button.secondary{color:${a};border-color:${a}}a{color:${a}}${extra}`;
  }
  return `<!doctype html>${html`<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title}</title>
<style>${new SafeHtml(STYLE + extra)}</style>
</head>
<body class="${opts.wide ? 'wide' : ''}">
<header role="banner"><p class="brand">${opts.title}</p>${opts.subtitle ? html`<p class="sub">${opts.subtitle}</p>` : ''}</header>
<main id="main">
<p class="sandbox" role="note">演示沙箱：本页面模拟委办局系统，所有人员与数据均为虚构，请勿输入真实个人信息。</p>
${opts.body}
</main>
<footer>天府通办 · 达州分站 合作方沙箱</footer>
</body>
</html>`.value}`;
}

/**
 * Sends an HTML page with headers that stop it being framed (clickjacking of the consent button),
 * cached, or leaking its query (state, code_challenge) through the Referer header.
 */
export function sendPage(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'")
    .send(body);
}
