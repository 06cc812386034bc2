import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_portal.js';
import * as m0003 from './0003_utilities.js';
import * as m0004 from './0004_payment_platform.js';
import * as m0005 from './0005_durable_counters.js';
import * as m0006 from './0006_search_privacy.js';
import * as m0007 from './0007_jobs_and_rollups.js';
import * as m0008 from './0008_visit_tree_rollups.js';
import * as m0009 from './0009_content_changes.js';
import * as m0010 from './0010_job_results.js';
import * as m0011 from './0011_engine.js';
import * as m0012 from './0012_installations_on_cases.js';
import * as m0013 from './0013_interactions.js';
import * as m0014 from './0014_bookings_medical.js';
import * as m0015 from './0015_payment_purposes.js';
import * as m0016 from './0016_appointments_to_bookings.js';
import * as m0017 from './0017_transit.js';
import * as m0018 from './0018_licences_housing.js';
import * as m0019 from './0019_tourism_culture.js';

/** Listed by hand (not read from disk) so the same list runs from src in tests and from dist. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_portal': m0002,
  '0003_utilities': m0003,
  '0004_payment_platform': m0004,
  '0005_durable_counters': m0005,
  '0006_search_privacy': m0006,
  '0007_jobs_and_rollups': m0007,
  '0008_visit_tree_rollups': m0008,
  '0009_content_changes': m0009,
  '0010_job_results': m0010,
  '0011_engine': m0011,
  '0012_installations_on_cases': m0012,
  '0013_interactions': m0013,
  '0014_bookings_medical': m0014,
  '0015_payment_purposes': m0015,
  '0016_appointments_to_bookings': m0016,
  '0017_transit': m0017,
  '0018_licences_housing': m0018,
  '0019_tourism_culture': m0019,
};
