/**
 * 公积金利率 of 达州市 (511700), the data 利率信息 and the 贷款计算器 start with: the rates in force at
 * the time of writing with their real effective dates (公积金贷款 after the cut of 2025-05-08; the
 * 5-year LPR of 2025-05-20 for 商业贷款 首套), marked 演示 because a centre sets its own. Counties
 * inherit them. Seeded only while the city has no rates at all, so the console's edits stay.
 */
import type { AppContext } from '../../infra/context.js';
import { nowIso } from '../../infra/time.js';

const DEMO_RATES = [
  { kind: 'fund', term_label: '5年以下（含5年）（演示）', min_years: 0, max_years: 5, rate_bp: 210, effective_from: '2025-05-08', sort: 1 },
  { kind: 'fund', term_label: '5年以上（演示）', min_years: 5, max_years: 30, rate_bp: 260, effective_from: '2025-05-08', sort: 2 },
  { kind: 'commercial', term_label: '5年以下（含5年）首套（演示）', min_years: 0, max_years: 5, rate_bp: 300, effective_from: '2025-05-20', sort: 1 },
  { kind: 'commercial', term_label: '5年以上 首套（演示）', min_years: 5, max_years: 30, rate_bp: 350, effective_from: '2025-05-20', sort: 2 },
  { kind: 'deposit', term_label: '公积金存款（演示）', min_years: 0, max_years: 30, rate_bp: 150, effective_from: '2025-05-08', sort: 1 },
] as const;

export async function seedHousingFundRates(ctx: AppContext, siteCode = '511700'): Promise<void> {
  const any = await ctx.db.selectFrom('housing_fund_rates').select('id').where('site_code', '=', siteCode).executeTakeFirst();
  if (any) return;
  const now = nowIso();
  await ctx.db
    .insertInto('housing_fund_rates')
    .values(DEMO_RATES.map((r) => ({ ...r, site_code: siteCode, updated_by: 'seed', updated_at: now })))
    .execute();
}
