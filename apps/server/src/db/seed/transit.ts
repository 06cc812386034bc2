/**
 * 公共交通: the demo GTFS feed of 达州 (data/gtfs/dazhou-demo, clearly marked 演示) imported for
 * 达州市 (511700) through the same import as the console's, when the city has no feed yet — so an
 * operator's own upload is never replaced by the demo. Counties without a feed use the city's.
 *
 * Importing the demo feed (~32,500 stop_times) takes about two seconds, so the start-up seed runs it in the embedded
 * profile only and not under tests (DZ_SEED_TRANSIT=1 asks for it); tests that need the timetable
 * call seedTransit themselves.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AppContext } from '../../infra/context.js';
import { importFeed } from '../../features/transit/feeds/import.js';

/** The repository's demo feed: src/db/seed → repo root (the same depth from dist/db/seed). */
export const DEMO_FEED_DIR = fileURLToPath(new URL('../../../../../data/gtfs/dazhou-demo/', import.meta.url));
export const DEMO_FEED_SITE = '511700';

/** True when the start-up seed should import the demo feed: embedded, and not a test run unless asked. */
export function shouldSeedTransit(ctx: Pick<AppContext, 'config'>, env: NodeJS.ProcessEnv = process.env): boolean {
  if (ctx.config.profile !== 'embedded') return false;
  if (env.DZ_SEED_TRANSIT === '1') return true;
  return !env.VITEST;
}

/**
 * Imports the demo feed for 511700 unless the city already has a feed in service or being
 * imported. Returns the active feed id, or null when the demo feed is not on disk (a deployment
 * without the repository's data folder).
 */
export async function seedTransit(ctx: Pick<AppContext, 'db'>, dir = DEMO_FEED_DIR): Promise<number | null> {
  const current = await ctx.db.selectFrom('transit_feeds').select(['id', 'status']).where('site_code', '=', DEMO_FEED_SITE).where('status', 'in', ['active', 'importing']).orderBy('id', 'desc').executeTakeFirst();
  if (current) return current.status === 'active' ? current.id : null;
  if (!existsSync(dir)) return null;
  const result = await importFeed(ctx, { siteCode: DEMO_FEED_SITE, source: dir, fileName: 'dazhou-demo（演示数据）', createdBy: 'seed' });
  if ('errors' in result) throw new Error(`演示公交数据导入失败：${result.errors.map((e) => `${e.file}:${e.line ?? ''} ${e.message}`).join('; ')}`);
  return result.feedId;
}
