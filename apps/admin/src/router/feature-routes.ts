import type { RouteRecordRaw } from 'vue-router';
import { groupOf } from './groups';

// One route module per feature (router/modules/<feature>.ts); adding a feature means adding a file.
// Kept apart from router/index.ts so the menu can read it without importing the layout (no cycle).
const modules = import.meta.glob<{ default: RouteRecordRaw[] }>('./modules/*.ts', { eager: true });

// Ungrouped entries (工作台) first, then by group, then by the entry's own order.
const rank = (r: RouteRecordRaw): [number, number] => [groupOf(r.meta?.group)?.order ?? 0, r.meta?.order ?? 0];

/** The console pages inside the layout, in menu order. */
export const featureRoutes: RouteRecordRaw[] = Object.values(modules)
  .flatMap((m) => m.default)
  .sort((a, b) => {
    const [ga, oa] = rank(a);
    const [gb, ob] = rank(b);
    return ga - gb || oa - ob;
  });
