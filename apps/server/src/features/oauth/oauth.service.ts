/**
 * 三方登录 with OAuth 2.0 authorization code + PKCE S256 (RFC 6749 §4.1, RFC 7636). The provider
 * (天府通办统一身份认证, or the sandbox) has verified the person, so an account it creates is
 * real-name verified from the start.
 *
 * Defences: `state` is random, single use, expires in 10 minutes and is also held in a cookie of
 * the browser that started the flow, so a callback cannot be replayed or forced on someone else
 * (login CSRF, RFC 6749 §10.12); `returnTo` must be a path on this site (no open redirect);
 * every call to the provider has a 3-second timeout.
 */
import { createHash, randomBytes } from 'node:crypto';
import { validateIdNumber, validatePhone, maskPhone, type OAuthUserInfo } from '@dz/contracts';
import type { Selectable } from 'kysely';
import type { OAuthProvidersTable, UserRow } from '../../db/schema.js';
import type { AppContext } from '../../infra/context.js';
import { nowIso } from '../../infra/time.js';
import type { AuthService, RequestMeta } from '../auth/auth.service.js';
import { UsersRepository, isUniqueViolation } from '../auth/users.repository.js';
import { OAuthRepository } from './oauth.repository.js';

type Provider = Selectable<OAuthProvidersTable>;

export const OAUTH_STATE_TTL_MS = 10 * 60_000;
export const OAUTH_HTTP_TIMEOUT_MS = 3000;

export const OAUTH_MESSAGES = {
  unavailable: '统一身份认证服务暂不可用，请稍后重试或使用密码登录',
  unknownProvider: '不支持该登录方式，请使用其他方式登录',
  expired: '登录已超时或链接已失效，请重新发起三方登录',
  denied: '您已取消授权，可使用其他方式登录',
  failed: '统一身份认证登录失败，请重新登录或使用密码登录',
  noPhone: '统一身份认证未提供手机号，无法自动创建账号，请先使用手机号注册',
  boundElsewhere: '该手机号已绑定其他统一身份认证账号，请使用密码或短信验证码登录',
} as const;

/** A failure the citizen is told about on the login page. */
export class OAuthFailure extends Error {}

interface PendingLogin {
  provider: string;
  verifier: string;
  returnTo: string;
  redirectUri: string;
}

const b64url = (buf: Buffer) => buf.toString('base64url');
export const pkceChallenge = (verifier: string) => b64url(createHash('sha256').update(verifier).digest());

/** Only a path on this site: “/me”, not “//evil.example”, “/\\evil”, or “https://…”. */
export function safeReturnTo(raw: string | undefined): string {
  const v = (raw ?? '').trim();
  if (!v.startsWith('/') || v.startsWith('//') || v.startsWith('/\\') || /[\r\n\t]/.test(v) || v.length > 500) return '/me';
  return v;
}

export class OAuthService {
  constructor(
    private readonly ctx: AppContext,
    private readonly auth: AuthService,
  ) {}

  listProviders() {
    return new OAuthRepository(this.ctx.db).listEnabled();
  }

  private async provider(code: string): Promise<Provider> {
    const p = await new OAuthRepository(this.ctx.db).findEnabled(code);
    if (!p) throw new OAuthFailure(OAUTH_MESSAGES.unknownProvider);
    return p;
  }

  /** Returns the provider's authorize URL and the state to pin in the browser's cookie. */
  async start(providerCode: string, returnTo: string | undefined, redirectUri: string): Promise<{ url: string; state: string }> {
    const p = await this.provider(providerCode);
    const state = b64url(randomBytes(24));
    const verifier = b64url(randomBytes(32));
    const pending: PendingLogin = { provider: p.code, verifier, returnTo: safeReturnTo(returnTo), redirectUri };
    await this.ctx.kv.set(`oauth:state:${state}`, JSON.stringify(pending), OAUTH_STATE_TTL_MS);
    const url = new URL(p.authorize_url);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', p.client_id);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('scope', p.scope);
    url.searchParams.set('state', state);
    url.searchParams.set('code_challenge', pkceChallenge(verifier));
    url.searchParams.set('code_challenge_method', 'S256');
    return { url: url.toString(), state };
  }

  /**
   * Finishes the flow: checks state, exchanges the code, reads the person, finds or creates the
   * account. Throws OAuthFailure with a message for the citizen.
   */
  async callback(
    providerCode: string,
    q: { code?: string; state?: string; error?: string },
    browserState: string | undefined,
    meta: RequestMeta,
  ): Promise<{ user: UserRow; returnTo: string }> {
    if (!q.state) throw new OAuthFailure(OAUTH_MESSAGES.expired);
    const key = `oauth:state:${q.state}`;
    const raw = await this.ctx.kv.get(key);
    // Single use: whatever happens next, this state cannot be presented again.
    await this.ctx.kv.del(key);
    if (!raw || browserState !== q.state) throw new OAuthFailure(OAUTH_MESSAGES.expired);
    const pending = JSON.parse(raw) as PendingLogin;
    if (pending.provider !== providerCode) throw new OAuthFailure(OAUTH_MESSAGES.expired);
    if (q.error) throw new OAuthFailure(q.error === 'access_denied' ? OAUTH_MESSAGES.denied : OAUTH_MESSAGES.failed);
    if (!q.code) throw new OAuthFailure(OAUTH_MESSAGES.failed);

    const p = await this.provider(providerCode);
    const accessToken = await this.exchange(p, q.code, pending);
    const info = await this.userInfo(p, accessToken);
    const user = await this.resolveAccount(p, info, meta);
    await this.auth.audit(meta, user, 'user.login', 'ok', `三方登录（${p.name}）：${this.auth.accountLabel(user)}`);
    return { user, returnTo: pending.returnTo };
  }

  private async request(url: string, init: RequestInit): Promise<Record<string, unknown>> {
    let res: Response;
    try {
      res = await fetch(url, { ...init, signal: AbortSignal.timeout(OAUTH_HTTP_TIMEOUT_MS) });
    } catch {
      throw new OAuthFailure(OAUTH_MESSAGES.unavailable);
    }
    if (res.status >= 500) throw new OAuthFailure(OAUTH_MESSAGES.unavailable);
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      throw new OAuthFailure(res.ok ? OAUTH_MESSAGES.unavailable : OAUTH_MESSAGES.failed);
    }
    if (!res.ok || typeof body !== 'object' || body === null) throw new OAuthFailure(OAUTH_MESSAGES.failed);
    return body as Record<string, unknown>;
  }

  private async exchange(p: Provider, code: string, pending: PendingLogin): Promise<string> {
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: pending.redirectUri,
      client_id: p.client_id,
      client_secret: this.ctx.gm.decrypt(p.client_secret_enc),
      code_verifier: pending.verifier,
    });
    const body = await this.request(p.token_url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
    });
    if (typeof body.access_token !== 'string' || !body.access_token) throw new OAuthFailure(OAUTH_MESSAGES.failed);
    return body.access_token;
  }

  private async userInfo(p: Provider, accessToken: string): Promise<OAuthUserInfo> {
    const body = await this.request(p.userinfo_url, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } });
    const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
    const sub = str(body.sub);
    if (!sub || sub.length > 128) throw new OAuthFailure(OAUTH_MESSAGES.failed);
    return { sub, name: str(body.name), idNumber: str(body.idNumber)?.toUpperCase(), phone: str(body.phone) };
  }

  /** Bound identity → that account; else same phone → bind it; else a new verified person account. */
  private async resolveAccount(p: Provider, info: OAuthUserInfo, meta: RequestMeta): Promise<UserRow> {
    const { gm, db } = this.ctx;
    const users = new UsersRepository(db);
    const now = nowIso();

    const identity = await users.findIdentity(p.code, info.sub);
    if (identity) {
      const bound = await users.findActiveById(identity.user_id);
      if (bound) return bound;
      await users.deleteIdentitiesOf(identity.user_id);
    }

    const phone = info.phone && validatePhone(info.phone) === null ? info.phone : null;
    const idValid = !!info.idNumber && validateIdNumber(info.idNumber) === null;
    if (phone) {
      const existing = await users.findByPhoneIdx(gm.blindIndex('phone', phone));
      if (existing) {
        const other = await users.identityOf(existing.id, p.code);
        if (other && other.subject !== info.sub) throw new OAuthFailure(OAUTH_MESSAGES.boundElsewhere);
        if (!other) await users.insertIdentity(existing.id, p.code, info.sub, now);
        // The provider vouches for this identity: an unverified account whose ID number is the same becomes verified.
        if (existing.real_name_verified !== 1 && idValid && info.name && existing.id_number_idx === gm.blindIndex('id', info.idNumber!)) {
          await users.update(existing.id, { name_enc: gm.encrypt(info.name), real_name_verified: 1, real_name_verified_at: now, updated_at: now });
        }
        await this.auth.audit(meta, existing, 'user.identity.bind', 'ok', `绑定三方账号（${p.name}）：${this.auth.accountLabel(existing)}`);
        return (await users.findActiveById(existing.id))!;
      }
    }
    if (!phone) throw new OAuthFailure(OAUTH_MESSAGES.noPhone);

    const verified = idValid && !!info.name;
    let id: number;
    try {
      id = await db.transaction().execute(async (trx) => {
        const repo = new UsersRepository(trx);
        const newId = await repo.insert({
          kind: 'person',
          phone_enc: gm.encrypt(phone),
          phone_idx: gm.blindIndex('phone', phone),
          name_enc: gm.encryptNullable(info.name),
          id_number_enc: idValid ? gm.encrypt(info.idNumber!) : null,
          id_number_idx: idValid ? gm.blindIndex('id', info.idNumber!) : null,
          username: null,
          email_enc: null,
          corp_name: null,
          credit_code_enc: null,
          credit_code_idx: null,
          // No password: the citizen signs in through the provider, by SMS, or sets one via 忘记密码.
          password_hash: null,
          real_name_verified: verified ? 1 : 0,
          real_name_verified_at: verified ? now : null,
          status: 'active',
          failed_logins: 0,
          locked_until: null,
          created_at: now,
          updated_at: now,
          deleted_at: null,
        });
        await repo.insertIdentity(newId, p.code, info.sub, now);
        return newId;
      });
    } catch (err) {
      // A parallel callback for the same person won the race; that one logged in, this one retries.
      if (isUniqueViolation(err)) throw new OAuthFailure(OAUTH_MESSAGES.failed);
      throw err;
    }
    const user = (await users.findActiveById(id))!;
    await this.auth.audit(meta, user, 'user.register', 'ok', `三方登录自动注册（${p.name}，手机号 ${maskPhone(phone)}）`);
    return user;
  }
}
