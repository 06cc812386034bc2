/**
 * Where each partner system lives, per site (接口管理). A county may point the water company at
 * its own utility; otherwise it inherits the nearest ancestor's configuration, and where no site
 * configured one, the server's environment (PARTNERS_BASE_URL, PARTNER_APP_KEY, PARTNER_SECRET).
 *
 * The payment gateway is different (PLATFORM_PARTNERS): its endpoint, AppKey and secret move money,
 * so only the platform level (the city, then the province, then the environment) ever applies,
 * whatever site the call is for. A county row for it is ignored here, refused by 接口管理 and
 * removed by migration 0004.
 *
 * Read on every partner call, so the rows are cached in memory; a console write bumps a version
 * in the shared store (Redis when configured) and every instance reloads within a second — changes
 * apply without a restart.
 */
import type { Kysely } from 'kysely';
import { CITY_SITE, PLATFORM_PARTNERS, pickInherited } from '@dz/contracts';
import type { DB } from '../db/schema.js';
import type { Config } from '../infra/config.js';
import type { GmCrypto } from '../infra/gm-crypto.js';
import type { KeyValueStore } from '../infra/kv.js';
import { nowIso } from '../infra/time.js';
import type { SitesService } from '../features/sites/sites.service.js';
import type { PartnerEndpoint } from './partner-client.js';

export const DEFAULT_TIMEOUT_MS = 3000;
export { CITY_SITE };
const VERSION_KEY = 'partners:endpoints:version';
const VERSION_TTL_MS = 365 * 86_400_000;
const CHECK_EVERY_MS = 1000;

export interface EndpointRow {
  siteCode: string;
  partner: string;
  baseUrl: string;
  appKey: string;
  secret: string;
  timeoutMs: number;
  enabled: boolean;
  updatedAt: string;
  updatedBy: string;
}

export interface ResolvedEndpoint extends PartnerEndpoint {
  enabled: boolean;
  source: 'site' | 'inherited' | 'environment';
  row: EndpointRow | null;
}

export class PartnerEndpoints {
  private rows: Map<string, EndpointRow> | null = null;
  private version: string | null = null;
  private checkedAt = 0;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly gm: GmCrypto,
    private readonly kv: KeyValueStore,
    private readonly sites: SitesService,
    private readonly config: Config,
  ) {}

  private static key(site: string, partner: string): string {
    return `${site}|${partner}`;
  }

  private async load(): Promise<Map<string, EndpointRow>> {
    const now = Date.now();
    if (this.rows && now - this.checkedAt < CHECK_EVERY_MS) return this.rows;
    this.checkedAt = now;
    const version = await this.kv.get(VERSION_KEY);
    if (this.rows && version === this.version) return this.rows;
    const rows = await this.db.selectFrom('partner_endpoints').selectAll().execute();
    this.rows = new Map(
      rows.map((r) => [
        PartnerEndpoints.key(r.site_code, r.partner),
        {
          siteCode: r.site_code,
          partner: r.partner,
          baseUrl: r.base_url,
          appKey: r.app_key,
          secret: this.gm.decrypt(r.secret_enc),
          timeoutMs: r.timeout_ms,
          enabled: r.enabled === 1,
          updatedAt: r.updated_at,
          updatedBy: r.updated_by,
        },
      ]),
    );
    this.version = version;
    return this.rows;
  }

  /** The city and its ancestors: the only sites whose configuration of a platform partner applies. */
  platformSites(): Promise<string[]> {
    return this.sites.ancestry(CITY_SITE);
  }

  /** The configuration that applies to `partner` at `site` (default the city). */
  async resolve(partner: string, site: string | undefined): Promise<ResolvedEndpoint> {
    const rows = await this.load();
    const asked = site ?? CITY_SITE;
    const platform = await this.platformSites();
    let from = (await this.sites.ancestry(asked)).filter((code) => !PLATFORM_PARTNERS.includes(partner) || platform.includes(code));
    if (!from.length) from = platform;
    // The nearest site of the lineage that configured it: contracts' one inheritance rule.
    const configured = from.flatMap((code) => {
      const row = rows.get(PartnerEndpoints.key(code, partner));
      return row ? [{ code, row }] : [];
    });
    const hit = pickInherited(configured, from, (c) => c.code);
    if (hit) return { ...hit.row, source: hit.code === asked ? 'site' : 'inherited', row: hit.row };
    return {
      baseUrl: this.config.partnersBaseUrl,
      appKey: this.config.partnerAppKey,
      secret: this.config.partnerSecret,
      timeoutMs: DEFAULT_TIMEOUT_MS,
      enabled: true,
      source: 'environment',
      row: null,
    };
  }

  /**
   * What identifies the configuration that answers `partner` at `site`: a memo of a partner's
   * answer (the 30 s bill memo) is kept only while this is unchanged, so a 接口管理 save — another
   * address, a disabled endpoint — applies to the very next query instead of after the memo runs out.
   */
  async identity(partner: string, site: string | undefined): Promise<string> {
    const ep = await this.resolve(partner, site);
    return `${ep.source}|${ep.row?.siteCode ?? ''}|${ep.row?.updatedAt ?? ''}|${ep.enabled ? 1 : 0}|${ep.baseUrl}|${ep.appKey}`;
  }

  async save(site: string, partner: string, input: { baseUrl: string; appKey: string; secret: string | null; timeoutMs: number; enabled: boolean }, by: string): Promise<void> {
    const existing = await this.db.selectFrom('partner_endpoints').select(['id', 'secret_enc']).where('site_code', '=', site).where('partner', '=', partner).executeTakeFirst();
    const values = {
      base_url: input.baseUrl,
      app_key: input.appKey,
      timeout_ms: input.timeoutMs,
      enabled: input.enabled ? 1 : 0,
      updated_at: nowIso(),
      updated_by: by,
    };
    if (existing) {
      await this.db
        .updateTable('partner_endpoints')
        .set({ ...values, ...(input.secret ? { secret_enc: this.gm.encrypt(input.secret) } : {}) })
        .where('id', '=', existing.id)
        .execute();
    } else {
      await this.db
        .insertInto('partner_endpoints')
        .values({ site_code: site, partner, secret_enc: this.gm.encrypt(input.secret ?? ''), ...values })
        .execute();
    }
    await this.changed();
  }

  async remove(site: string, partner: string): Promise<boolean> {
    const res = await this.db.deleteFrom('partner_endpoints').where('site_code', '=', site).where('partner', '=', partner).executeTakeFirst();
    await this.changed();
    return Number(res.numDeletedRows) > 0;
  }

  /** Every instance reloads on its next call (within CHECK_EVERY_MS). */
  private async changed(): Promise<void> {
    await this.kv.incr(VERSION_KEY, VERSION_TTL_MS);
    this.rows = null;
  }
}
