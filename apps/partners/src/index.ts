/**
 * @dz/partners: the sandbox of the bureaus' and utilities' systems, for the server's tests (which
 * run the real sandbox in-process) and for the process wrapper in main.ts.
 */
export { buildSandbox, DEFAULT_NOTIFY_DELAYS_MS, type Sandbox, type SandboxOptions } from './app.js';
export { DEFAULT_APP_KEY, DEFAULT_SECRET } from './protocol.js';
export { RESIDENTS, type Resident } from './demo/residents.js';
export * from './demo/utilities.js';
export { INSTALL_PROGRESS_MS, INSTALL_REJECT_MARKER, INSTALL_REJECT_NOTE } from './partners/utility/installation.js';
export { MAX_ORDER_FEN } from './partners/pay/gateway.js';
export type { DeliveryLog, DeliveryAttempt } from './partners/pay/notifier.js';
export { PARTNERS } from './partners/index.js';
export { bureauPartners, BUREAU_SPECS, DEFAULT_DECIDE_AFTER_MS, DENY_COMMENT, DENY_MARKER, MANUAL_MARKER, type BureauOptions } from './partners/bureau/index.js';
// issue 15: the demo candidates of the 教育局 (中考成绩, 成人高考) and the reservation systems' resources.
export { DEMO_CANDIDATE, DEMO_ADULT_CANDIDATE, ZHONGKAO_CANDIDATES, ADULT_CANDIDATES } from './partners/education/candidates.js';
export { SCENIC_RESOURCES } from './partners/scenic/index.js';
export { VENUE_RESOURCES } from './partners/venues/index.js';
