/**
 * 公积金利率: the loan and deposit rates 利率信息 and the 贷款计算器 show — console data per site, a
 * county without its own rates inheriting the nearest ancestor's (the 公积金中心 is the city's).
 * Rates are basis points; a rate applies to loan terms minYears < years ≤ maxYears, and the ranges
 * of one kind of one site never overlap, so the calculator finds exactly one rate for a term.
 */
import { HousingErrorCodes, RATE_KIND_NAMES, type HousingFundRate, type HousingFundRateInput, type HousingFundRatesResponse } from '@dz/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { DB, HousingFundRatesTable } from '../../../db/schema.js';
import { AppError, badRequest, notFound } from '../../../infra/errors.js';
import { nowIso } from '../../../infra/time.js';
import type { SitesService } from '../../sites/sites.service.js';
import { StaffAuditor, type Actor } from '../../admin-auth/staff-guard.js';
import type { AuditService } from '../../audit/audit.service.js';

export const RATES_PERMISSION = 'content:write';
const rateNotFound = () => new AppError(404, HousingErrorCodes.RATE_NOT_FOUND, '该利率不存在或已删除，请刷新列表');
const pct = (bp: number) => `${(bp / 100).toFixed(2)}%`;

type Row = Selectable<HousingFundRatesTable>;

export function rateView(r: Row): HousingFundRate {
  return { id: r.id, kind: r.kind, termLabel: r.term_label, minYears: Number(r.min_years), maxYears: Number(r.max_years), rateBp: Number(r.rate_bp), effectiveFrom: r.effective_from, sort: Number(r.sort) };
}

/** A real calendar day (2025-02-30 is not). */
function isDay(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export class RatesService {
  private readonly auditor: StaffAuditor;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly sites: SitesService,
    audit: AuditService,
  ) {
    this.auditor = new StaffAuditor(audit);
  }

  private rows(siteCode: string): Promise<Row[]> {
    return this.db.selectFrom('housing_fund_rates').selectAll().where('site_code', '=', siteCode).orderBy('kind').orderBy('sort').orderBy('min_years').orderBy('id').execute();
  }

  /** The public list: the site's own rates, or the nearest ancestor's that has any. */
  async effective(site: string): Promise<HousingFundRatesResponse> {
    const chain = await this.sites.ancestry(site);
    if (!chain.length) throw notFound('站点不存在，请重新选择站点');
    for (const code of chain) {
      const rows = await this.rows(code);
      if (rows.length) return { siteCode: code, items: rows.map(rateView) };
    }
    return { siteCode: site, items: [] };
  }

  /** The console's site: the given one (default the staff member's own), which must exist and be in scope. */
  async siteOf(actor: Actor, site: string | undefined, action: string): Promise<string> {
    const code = site ?? actor.staff.siteCode;
    if (!(await this.sites.list()).some((s) => s.code === code)) throw notFound('站点不存在，请重新选择站点');
    await this.auditor.requireSite(actor, code, { action, objectType: 'housing_fund_rate' });
    return code;
  }

  /** The console list: only the site's own rates (an inherited list is edited at the city). */
  async list(siteCode: string): Promise<HousingFundRatesResponse> {
    return { siteCode, items: (await this.rows(siteCode)).map(rateView) };
  }

  private async validate(siteCode: string, input: HousingFundRateInput, selfId: number | null): Promise<void> {
    const fields: Record<string, string> = {};
    if (input.maxYears <= input.minYears) fields.maxYears = '期限上限应大于期限下限（如“5年以下（含5年）”填 0 和 5）';
    if (!isDay(input.effectiveFrom)) fields.effectiveFrom = '执行日期不是有效的日期，请按 YYYY-MM-DD 填写';
    if (!input.termLabel.trim()) fields.termLabel = '请填写期限说明，如“5年以下（含5年）”';
    if (!fields.maxYears) {
      const clash = (await this.rows(siteCode)).find((r) => r.id !== selfId && r.kind === input.kind && Number(r.min_years) < input.maxYears && input.minYears < Number(r.max_years));
      if (clash) {
        fields.minYears = `与已有的“${clash.term_label}”（${clash.min_years}–${clash.max_years}年，${pct(Number(clash.rate_bp))}）期限重叠，同一类别的期限范围不能重叠，请调整后再保存`;
      }
    }
    const first = Object.values(fields)[0];
    if (first) throw badRequest(first, fields);
  }

  private async byId(id: number): Promise<Row> {
    const row = await this.db.selectFrom('housing_fund_rates').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw rateNotFound();
    return row;
  }

  private summary(input: HousingFundRateInput): string {
    return `${RATE_KIND_NAMES[input.kind]} ${input.termLabel.trim()} ${pct(input.rateBp)}（${input.effectiveFrom} 起执行）`;
  }

  async create(actor: Actor, siteCode: string, input: HousingFundRateInput): Promise<HousingFundRate> {
    await this.validate(siteCode, input, null);
    const res = await this.db
      .insertInto('housing_fund_rates')
      .values({
        site_code: siteCode,
        kind: input.kind,
        term_label: input.termLabel.trim(),
        min_years: input.minYears,
        max_years: input.maxYears,
        rate_bp: input.rateBp,
        effective_from: input.effectiveFrom,
        sort: input.sort,
        updated_by: actor.staff.username,
        updated_at: nowIso(),
      })
      .executeTakeFirstOrThrow();
    const id = Number(res.insertId);
    await this.auditor.record(actor, { action: 'housing-fund.rate.create', siteCode, objectType: 'housing_fund_rate', objectId: id, summary: `新增${this.summary(input)}` });
    return rateView(await this.byId(id));
  }

  /** A rate of a site in the staff member's scope; another site's is refused (and audited). */
  private async ownRow(actor: Actor, id: number, action: string): Promise<Row> {
    const row = await this.byId(id);
    await this.auditor.requireSite(actor, row.site_code, { action, objectType: 'housing_fund_rate', objectId: id });
    return row;
  }

  async update(actor: Actor, id: number, input: HousingFundRateInput): Promise<HousingFundRate> {
    const row = await this.ownRow(actor, id, 'housing-fund.rate.update');
    await this.validate(row.site_code, input, id);
    await this.db
      .updateTable('housing_fund_rates')
      .set({
        kind: input.kind,
        term_label: input.termLabel.trim(),
        min_years: input.minYears,
        max_years: input.maxYears,
        rate_bp: input.rateBp,
        effective_from: input.effectiveFrom,
        sort: input.sort,
        updated_by: actor.staff.username,
        updated_at: nowIso(),
      })
      .where('id', '=', id)
      .execute();
    await this.auditor.record(actor, { action: 'housing-fund.rate.update', siteCode: row.site_code, objectType: 'housing_fund_rate', objectId: id, summary: `修改为${this.summary(input)}` });
    return rateView(await this.byId(id));
  }

  async remove(actor: Actor, id: number): Promise<void> {
    const row = await this.ownRow(actor, id, 'housing-fund.rate.delete');
    await this.db.deleteFrom('housing_fund_rates').where('id', '=', id).execute();
    await this.auditor.record(actor, { action: 'housing-fund.rate.delete', siteCode: row.site_code, objectType: 'housing_fund_rate', objectId: id, summary: `删除${this.summary(rateView(row))}` });
  }
}
