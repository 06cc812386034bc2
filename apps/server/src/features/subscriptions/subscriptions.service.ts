/**
 * 我的订阅 (the apps a citizen keeps at hand) and 我的足迹 (what they looked at: items, apps, news
 * and zones, deletable one by one or all at once, as the seed's 我的 channel asks).
 */
import type { AppCard, Footprint, Footprints } from '@dz/contracts';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, notFound } from '../../infra/errors.js';
import { nowIso } from '../../infra/time.js';
import { toAppCard } from '../pages/cards.js';
import { PortalReadRepository } from '../pages/portal-read.repository.js';
import { FootprintsRepository, SubscriptionsRepository, type FootprintRow, type FootprintType } from './subscriptions.repository.js';

export const SUBSCRIPTION_LIMIT = 100;
export const FOOTPRINTS_SHOWN = 50;
/** Kept per type and owner; older footprints are dropped as new ones arrive. */
export const FOOTPRINTS_KEPT = 200;

const toFootprint = (r: FootprintRow): Footprint => ({ id: Number(r.id), refId: r.ref_id, title: r.title, at: r.at });

export class SubscriptionsService {
  constructor(private readonly db: Kysely<DB>) {}

  async list(userId: number): Promise<AppCard[]> {
    return (await new SubscriptionsRepository(this.db).apps(userId)).map(toAppCard);
  }

  async subscribe(userId: number, appId: number): Promise<void> {
    const app = await new PortalReadRepository(this.db).appById(appId);
    if (!app || app.status === 'offline') throw notFound('该服务不存在或已下线');
    const repo = new SubscriptionsRepository(this.db);
    if (await repo.exists(userId, appId)) return;
    if ((await repo.count(userId)) >= SUBSCRIPTION_LIMIT) throw new AppError(409, 'SUBSCRIPTION_LIMIT', `最多订阅 ${SUBSCRIPTION_LIMIT} 个服务，请先取消一些不常用的`);
    await repo.add(userId, appId, nowIso());
  }

  async unsubscribe(userId: number, appId: number): Promise<void> {
    await new SubscriptionsRepository(this.db).remove(userId, appId);
  }
}

export class FootprintsService {
  constructor(private readonly db: Kysely<DB>) {}

  /** Records that `owner` opened something; the newest visit moves it to the top. */
  async touch(owner: string, type: FootprintType, refId: string, title: string): Promise<void> {
    const repo = new FootprintsRepository(this.db);
    if (await repo.touch(owner, type, refId, title.slice(0, 200), nowIso())) await repo.trim(owner, type, FOOTPRINTS_KEPT);
  }

  async list(owner: string): Promise<Footprints> {
    const repo = new FootprintsRepository(this.db);
    const [items, apps, news, zones] = await Promise.all((['item', 'app', 'news', 'zone'] as const).map((t) => repo.list(owner, t, FOOTPRINTS_SHOWN)));
    return { items: items!.map(toFootprint), apps: apps!.map(toFootprint), news: news!.map(toFootprint), zones: zones!.map(toFootprint) };
  }

  async remove(owner: string, id: number): Promise<void> {
    if (!(await new FootprintsRepository(this.db).remove(owner, id))) throw notFound('这条足迹不存在或已删除');
  }

  async clear(owner: string): Promise<void> {
    await new FootprintsRepository(this.db).clear(owner);
  }
}
