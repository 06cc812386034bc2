import type { AppContext } from '../../../infra/context.js';

/** Placeholder until issue 15's seed lands. */
export async function seedScenicSpots(_ctx: AppContext): Promise<void> {}
