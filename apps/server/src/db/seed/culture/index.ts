/**
 * issue 15: the demo content of 旅游 and 文体教育 — scenic spots with generated 实景图 in the file
 * centre, and 资助政策 of 达州市. Idempotent: inserts what is missing, never overwrites an operator's
 * change. The places, slots and 中考 scores are the partner systems' (apps/partners).
 */
import type { AppContext } from '../../../infra/context.js';
import { seedScenicSpots } from './spots.js';
import { seedAidPolicies } from './aid-policies.js';

export async function seedCulture(ctx: AppContext): Promise<void> {
  await seedScenicSpots(ctx);
  await seedAidPolicies(ctx);
}
