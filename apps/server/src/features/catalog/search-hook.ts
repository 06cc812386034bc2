import type { FastifyInstance } from 'fastify';

/**
 * The search feature keeps an in-memory index of apps, items and news and asks every console
 * write to those tables to invalidate it (features/search). Looked up at call time rather than
 * declared as a plugin dependency, so the catalogue still works in an app built without search.
 */
export async function invalidateSearch(app: FastifyInstance): Promise<void> {
  if (app.hasDecorator('searchIndex')) await app.searchIndex.invalidate();
}
