/**
 * 接口管理: the partner systems as seen from a site, their configuration (stored per site, secret
 * SM4-encrypted and never shown), a health check, the breaker's state and the call log. Scoped to
 * the staff member's site subtree and audited like every console write.
 *
 * The payment gateway (PLATFORM_PARTNERS) is the platform's: whoever holds its secret can sign a
 * "paid" notification and have bills written off with no money moving. Saving, resetting or
 * checking it needs payment:gateway AND a staff member of the city or province acting on the city
 * or province; everyone else sees it read-only. Every attempt is audited and shown on the dashboard.
 */
import { PARTNER_TITLES, PLATFORM_PARTNERS, type GatewayChangeView, type PartnerCallQuery, type PartnerCallView, type PartnerEndpointInput, type PartnerHealthResult, type PartnerSystemView } from '@dz/contracts';
import { PartnerNames, type PartnerName } from '@dz/partner-protocol';
import type { AppContext } from '../../infra/context.js';
import { HealthConnector } from '../../partners/connectors/health.js';
import { badRequest, forbidden, notFound } from '../../infra/errors.js';
import { StaffAuditor, hasPermission, type Actor } from '../admin-auth/staff-guard.js';
import type { SitesService } from '../sites/sites.service.js';
import { IntegrationRepository } from './integration.repository.js';

export const GATEWAY_PERMISSION = 'payment:gateway';
export const NEEDS_GATEWAY_PERMISSION = '统一支付平台的配置涉及资金，需要“支付平台配置”权限，请联系市级平台管理员';
export const GATEWAY_PLATFORM_ONLY = '统一支付平台由市级平台统一配置，区县站点不能单独配置或修改';

export type CallFilter = PartnerCallQuery & { page: number; pageSize: number };

const HOUR = 3600_000;

export class IntegrationService {
  private readonly auditor: StaffAuditor;
  private readonly pinger: HealthConnector;
  constructor(
    private readonly ctx: AppContext,
    private readonly sites: SitesService,
  ) {
    this.auditor = new StaffAuditor(ctx.audit);
    this.pinger = new HealthConnector(ctx.partners);
  }

  private assertPartner(partner: string): asserts partner is PartnerName {
    if (!(PartnerNames as readonly string[]).includes(partner)) throw notFound('没有这个对接系统');
  }

  /**
   * Why this staff member may not change `partner` at `site` (null: they may). Ordinary partners
   * need only the site scope checked in siteOf; the gateway needs more.
   */
  private async lockedReason(actor: Actor, partner: string, site: string): Promise<string | null> {
    if (!PLATFORM_PARTNERS.includes(partner)) return null;
    if (!hasPermission(actor.staff, GATEWAY_PERMISSION)) return NEEDS_GATEWAY_PERMISSION;
    const platform = await this.ctx.partnerEndpoints.platformSites();
    if (!platform.includes(actor.staff.siteCode) || !platform.includes(site)) return GATEWAY_PLATFORM_ONLY;
    return null;
  }

  /** 403, audited as denied, when the gateway is touched by someone who may not. */
  private async requireChangeable(actor: Actor, partner: string, site: string, action: string): Promise<void> {
    const reason = await this.lockedReason(actor, partner, site);
    if (reason) await this.auditor.deny(actor, { action, siteCode: site, objectType: 'partner', objectId: partner, summary: `${PARTNER_TITLES[partner] ?? partner}：${reason}` }, forbidden(reason));
  }

  private async siteOf(actor: Actor, site: string | undefined, action: string): Promise<string> {
    const code = site ?? actor.staff.siteCode;
    if (!(await this.sites.list()).some((s) => s.code === code)) throw notFound('站点不存在，请重新选择站点');
    await this.auditor.requireSite(actor, code, { action, objectType: 'partner' });
    return code;
  }

  /** Calls, failures and p95 latency of the last hour: counted and ranked by the database, not loaded. */
  private async lastHour(partner: string): Promise<PartnerSystemView['lastHour']> {
    const since = new Date(Date.now() - HOUR).toISOString();
    const recent = () => this.ctx.db.selectFrom('partner_calls').where('partner', '=', partner).where('created_at', '>=', since);
    const counts = await recent()
      .select((eb) => [eb.fn.countAll<number>().as('calls'), eb.fn.sum<number>(eb.case().when('ok', '=', 0).then(1).else(0).end()).as('failed')])
      .executeTakeFirstOrThrow();
    const calls = Number(counts.calls);
    if (!calls) return { calls: 0, failed: 0, p95Ms: 0 };
    const p95 = await recent().select('latency_ms').orderBy('latency_ms').offset(Math.ceil(calls * 0.95) - 1).limit(1).executeTakeFirst();
    return { calls, failed: Number(counts.failed ?? 0), p95Ms: p95?.latency_ms ?? 0 };
  }

  private async view(actor: Actor, partner: string, site: string): Promise<PartnerSystemView> {
    const ep = await this.ctx.partnerEndpoints.resolve(partner, site);
    const lockedReason = await this.lockedReason(actor, partner, site);
    const siteName = ep.row ? ((await this.sites.list()).find((s) => s.code === ep.row!.siteCode)?.name ?? ep.row.siteCode) : null;
    return {
      partner,
      title: PARTNER_TITLES[partner] ?? partner,
      source: ep.source,
      siteCode: ep.row?.siteCode ?? null,
      siteName,
      baseUrl: ep.baseUrl,
      appKey: ep.appKey,
      secretSet: ep.secret.length > 0,
      secretHint: ep.secret.length >= 8 ? ep.secret.slice(-4) : '',
      timeoutMs: ep.timeoutMs,
      enabled: ep.enabled,
      breaker: this.ctx.partners.breakerState(partner, ep.baseUrl),
      updatedAt: ep.row?.updatedAt ?? null,
      updatedBy: ep.row?.updatedBy ?? null,
      lastHour: await this.lastHour(partner),
      editable: lockedReason === null,
      lockedReason,
    };
  }

  async list(actor: Actor, site: string | undefined): Promise<PartnerSystemView[]> {
    const code = await this.siteOf(actor, site, 'partners.list');
    return Promise.all(PartnerNames.map((p) => this.view(actor, p, code)));
  }

  async save(actor: Actor, partner: string, site: string | undefined, input: PartnerEndpointInput): Promise<PartnerSystemView> {
    this.assertPartner(partner);
    const code = await this.siteOf(actor, site, 'partners.update');
    await this.requireChangeable(actor, partner, code, 'partners.update');
    let url: URL;
    try {
      url = new URL(input.baseUrl);
    } catch {
      throw badRequest('接口地址格式不正确', { baseUrl: '请填写 http:// 或 https:// 开头的完整地址' });
    }
    if (url.username || url.password) throw badRequest('接口地址不能包含用户名或密码', { baseUrl: '请把凭据填在 AppKey 与密钥中' });
    const current = await this.ctx.partnerEndpoints.resolve(partner, code);
    const secret = input.secret?.trim() ? input.secret.trim() : null;
    // A new site row without a secret of its own would sign with nothing: it takes the one it inherits.
    if (!secret && current.source !== 'site' && !current.secret) throw badRequest('请填写密钥', { secret: '首次配置须填写密钥' });
    await this.ctx.partnerEndpoints.save(code, partner, { baseUrl: input.baseUrl.trim(), appKey: input.appKey.trim(), secret: secret ?? (current.source === 'site' ? null : current.secret), timeoutMs: input.timeoutMs, enabled: input.enabled }, actor.staff.username);
    this.ctx.partners.resetBreaker(partner);
    await this.auditor.record(actor, {
      action: 'partners.update',
      siteCode: code,
      objectType: 'partner',
      objectId: partner,
      // What changed, never the secret: only whether it was replaced.
      summary: `${PARTNER_TITLES[partner] ?? partner}：${input.baseUrl}，AppKey ${input.appKey.trim()}，超时 ${input.timeoutMs} ms，${input.enabled ? '启用' : '停用'}${secret ? '，已更换密钥' : ''}`,
    });
    return this.view(actor, partner, code);
  }

  async remove(actor: Actor, partner: string, site: string | undefined): Promise<void> {
    this.assertPartner(partner);
    const code = await this.siteOf(actor, site, 'partners.delete');
    await this.requireChangeable(actor, partner, code, 'partners.delete');
    if (!(await this.ctx.partnerEndpoints.remove(code, partner))) throw notFound('本站点没有单独配置该系统');
    this.ctx.partners.resetBreaker(partner);
    await this.auditor.record(actor, { action: 'partners.delete', siteCode: code, objectType: 'partner', objectId: partner, summary: `${PARTNER_TITLES[partner] ?? partner}：恢复继承上级配置` });
  }

  /** Calls the partner's signed ping, through the same client and configuration as real calls. */
  async health(actor: Actor, partner: string, site: string | undefined, requestId: string): Promise<PartnerHealthResult> {
    this.assertPartner(partner);
    const code = await this.siteOf(actor, site, 'partners.health');
    // A health check signs with the stored secret and shows the answer: the gateway's is the platform's.
    await this.requireChangeable(actor, partner, code, 'partners.health');
    const ep = await this.ctx.partnerEndpoints.resolve(partner, code);
    const t0 = Date.now();
    let ok = false;
    let message: string;
    try {
      const r = await this.pinger.ping(partner, { site: code, requestId });
      ok = true;
      message = `连接正常（对方时间 ${r.time}）`;
    } catch (err) {
      message = err instanceof Error ? err.message : '连接失败';
    }
    const latencyMs = Date.now() - t0;
    await this.auditor.record(actor, { action: 'partners.health', siteCode: code, objectType: 'partner', objectId: partner, summary: `健康检查：${ok ? '正常' : '失败'}，${latencyMs} ms` }, ok ? 'ok' : 'failed');
    return { ok, latencyMs, message, breaker: this.ctx.partners.breakerState(partner, ep.baseUrl) };
  }

  /**
   * The dashboard's list of recent changes of the gateway's settings (who, when, what; refused
   * attempts too; never a secret): for those who may change it, and for auditors of the platform.
   */
  async gatewayChanges(actor: Actor): Promise<GatewayChangeView[]> {
    const platform = await this.ctx.partnerEndpoints.platformSites();
    const mayRead = hasPermission(actor.staff, GATEWAY_PERMISSION) || (hasPermission(actor.staff, 'audit:read') && platform.includes(actor.staff.siteCode));
    if (!mayRead) await this.auditor.deny(actor, { action: 'partners.gateway_changes', siteCode: actor.staff.siteCode, objectType: 'partner', objectId: 'pay' }, forbidden(NEEDS_GATEWAY_PERMISSION));
    const rows = await new IntegrationRepository(this.ctx.db).settingChanges('pay', 20);
    return rows.map((r) => ({ id: r.id, at: r.at, actorName: r.actor_name, siteCode: r.site_code, action: r.action, result: r.result, summary: r.summary }));
  }

  async calls(actor: Actor, f: CallFilter): Promise<{ items: PartnerCallView[]; total: number }> {
    // The log covers every site; a county's staff see the calls made for their subtree.
    const code = await this.siteOf(actor, f.site, 'partners.calls');
    await this.ctx.callLog.flush();
    const subtree = await this.sites.subtree(code);
    let q = this.ctx.db.selectFrom('partner_calls');
    // Calls made for no particular site (health checks of the province, background jobs) belong to the city level.
    const withUnsited = code === '510000' || code === '511700';
    q = q.where((eb) => (withUnsited ? eb.or([eb('site_code', 'in', subtree), eb('site_code', 'is', null)]) : eb('site_code', 'in', subtree)));
    if (f.partner) q = q.where('partner', '=', f.partner);
    if (f.ok !== undefined) q = q.where('ok', '=', f.ok ? 1 : 0);
    if (f.requestId) q = q.where('request_id', '=', f.requestId);
    if (f.from) q = q.where('created_at', '>=', f.from);
    if (f.to) q = q.where('created_at', '<=', f.to);
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy('id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      items: rows.map((r) => ({
        id: r.id,
        partner: r.partner,
        operation: r.operation,
        method: r.method,
        path: r.path,
        ok: r.ok === 1,
        code: r.code,
        latencyMs: r.latency_ms,
        attempt: r.attempt,
        requestId: r.request_id,
        siteCode: r.site_code,
        createdAt: r.created_at,
      })),
      total: Number(count.n),
    };
  }
}
