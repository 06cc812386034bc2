/**
 * The pages of the sandbox 统一身份认证: the consent page with the demo accounts, and the error
 * page shown when a request cannot be trusted (unknown client, unregistered redirect URI, no
 * PKCE) — then the browser stays here instead of being sent to an unvalidated address.
 */
import { ACCOUNT_HOLDERS, maskPhone, type Resident } from '../../demo/residents.js';
import { html, page } from '../../lib/html.js';

export const IDP_TITLE = '天府通办统一身份认证（演示沙箱）';

/** The authorization request as the consent form carries it back (hidden fields). */
export interface AuthorizeParams {
  response_type: string;
  client_id: string;
  redirect_uri: string;
  scope?: string | undefined;
  state?: string | undefined;
  code_challenge: string;
  code_challenge_method: string;
}

const SCOPE_LABELS: Record<string, string> = {
  openid: '账号标识',
  profile: '姓名',
  idcard: '居民身份证号',
  phone: '手机号码',
};

function accountTag(r: Resident): string {
  if (r.company) return `法定代表人 · ${r.company.name}`;
  return r.role;
}

export function consentPage(opts: { params: AuthorizeParams; clientName: string; scope: string; selected?: string; error?: string }): string {
  const p = opts.params;
  const selected = opts.selected ?? ACCOUNT_HOLDERS[0]?.sub;
  const hidden = (Object.entries(p) as [string, string | undefined][])
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`);
  const scopes = opts.scope
    .split(' ')
    .map((s) => SCOPE_LABELS[s])
    .filter((s): s is string => s !== undefined)
    .map((label) => html`<li>${label}</li>`);
  const accounts = ACCOUNT_HOLDERS.map((r) => {
    const id = `account-${r.sub}`;
    return html`<label class="account" for="${id}">
<input type="radio" id="${id}" name="account" value="${r.sub}"${r.sub === selected ? html` checked` : ''}>
<span class="who"><span class="name">${r.name} ${maskPhone(r.phone)}</span><span class="muted">${accountTag(r)}</span></span>
</label>`;
  });
  return page({
    title: IDP_TITLE,
    subtitle: '四川省一体化政务服务平台',
    body: html`<form class="card" method="post" action="/v1/oauth/authorize">
<h1>授权登录</h1>
<p><strong>${opts.clientName}</strong> 申请使用你的天府通办账号登录，并获取以下信息：</p>
<ul class="scopes">${scopes}</ul>
${opts.error ? html`<p class="error" role="alert">${opts.error}</p>` : ''}
${hidden}
<fieldset>
<legend>选择演示账号</legend>
${accounts}
</fieldset>
<div class="actions">
<button type="submit" class="primary" name="decision" value="allow">同意授权并登录</button>
<button type="submit" class="secondary" name="decision" value="deny">取消</button>
</div>
</form>
<p class="muted">演示账号无需密码。正式环境中此处为天府通办的账号密码、短信验证码或刷脸登录。</p>`,
  });
}

export function errorPage(message: string): string {
  return page({
    title: IDP_TITLE,
    subtitle: '四川省一体化政务服务平台',
    body: html`<div class="card">
<h1>授权请求无效</h1>
<p class="error" role="alert">${message}</p>
<p class="muted">为保护你的账号，本次请求不会跳转回发起方。请返回原应用重新发起登录；如果问题持续，请联系该应用的运营方。</p>
<p><a href="/">返回沙箱首页</a></p>
</div>`,
  });
}
