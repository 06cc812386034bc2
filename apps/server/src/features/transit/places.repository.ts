/** transit_places: the landmarks 路线规划 offers besides stops (seeded, db/seed/transit-places.ts). */
import type { Kysely, Selectable } from 'kysely';
import type { DB, TransitPlacesTable } from '../../db/schema.js';

export type TransitPlaceRow = Selectable<TransitPlacesTable>;

export class PlacesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The landmarks of a set of sites (a feed's site and those below it). */
  ofSites(sites: string[]): Promise<TransitPlaceRow[]> {
    if (sites.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('transit_places').selectAll().where('site_code', 'in', sites).orderBy('id').execute();
  }
}
