/**
 * The bureau systems of the sandbox: one generic module (module.ts) per bureau's data. How long a
 * bureau takes to decide a case by itself is SANDBOX_BUREAU_DECIDE_MS (default 2000 ms; `off`:
 * only /_control/<bureau>/cases/:ref/decide decides), read once when the module list is built.
 */
import { healthSpec } from '../health/index.js';
import { housingFundSpec } from '../housing-fund/index.js';
import { marketSpec } from '../market/index.js';
import { medicareSpec } from '../medicare/index.js';
import { policeSpec } from '../police/index.js';
import { realEstateSpec } from '../real-estate/index.js';
import { sealSpec } from '../seal/index.js';
import { socialSpec } from '../social/index.js';
import { taxSpec } from '../tax/index.js';
import { tourismSpec } from '../tourism/index.js';
import { transportSpec } from '../transport/index.js';
import { educationSpec } from '../education/index.js';
import type { PartnerModule } from '../types.js';
import { DEFAULT_DECIDE_AFTER_MS, bureauModule, type BureauOptions, type BureauSpec } from './module.js';

export const BUREAU_SPECS: readonly BureauSpec[] = [socialSpec, housingFundSpec, realEstateSpec, policeSpec, marketSpec, taxSpec, medicareSpec, healthSpec, sealSpec, transportSpec, tourismSpec, educationSpec];

export function bureauPartners(opts: BureauOptions = {}): PartnerModule[] {
  return BUREAU_SPECS.map((spec) => bureauModule(spec, opts));
}

/** SANDBOX_BUREAU_DECIDE_MS → decideAfterMs ('off' → null: never by itself). */
export function decideAfterFromEnv(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return DEFAULT_DECIDE_AFTER_MS;
  if (/^(off|never|manual)$/i.test(value.trim())) return null;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0) throw new Error(`SANDBOX_BUREAU_DECIDE_MS 应为非负整数（毫秒）或 off：${value}`);
  return ms;
}

export const BUREAU_PARTNERS: readonly PartnerModule[] = bureauPartners({ decideAfterMs: decideAfterFromEnv(process.env.SANDBOX_BUREAU_DECIDE_MS) });

export { bureauModule, DEFAULT_DECIDE_AFTER_MS, type BureauOptions, type BureauSpec } from './module.js';
export { DENY_COMMENT, DENY_MARKER, MANUAL_MARKER } from './cases.js';
