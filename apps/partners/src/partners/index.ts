import { identityPartner } from './identity/index.js';
import { idpPartner } from './idp/index.js';
import type { PartnerModule } from './types.js';

/** Every simulated system the sandbox serves. Later issues add water, gas and payment here. */
export const PARTNERS: readonly PartnerModule[] = [identityPartner, idpPartner];
