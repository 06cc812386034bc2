import { BUREAU_PARTNERS } from './bureau/index.js';
import { busPartner } from './bus/index.js';
import { chargingPartner } from './charging/index.js';
import { gasPartner } from './gas/index.js';
import { hisPartner } from './his/index.js';
import { identityPartner } from './identity/index.js';
import { licencePartner } from './licence/index.js';
import { idpPartner } from './idp/index.js';
import { payPartner } from './pay/index.js';
import { powerPartner } from './power/index.js';
import { scenicPartner } from './scenic/index.js';
import { venuesPartner } from './venues/index.js';
import type { PartnerModule } from './types.js';
import { waterPartner } from './water/index.js';

/** Every simulated system the sandbox serves. */
export const PARTNERS: readonly PartnerModule[] = [identityPartner, idpPartner, waterPartner, powerPartner, gasPartner, payPartner, hisPartner, busPartner, chargingPartner, licencePartner, scenicPartner, venuesPartner, ...BUREAU_PARTNERS];
