/**
 * @sgio/example-vendor-commands — an example third-party command pack.
 * The default export is the pack, which is what `sgio --plugin` loads.
 *
 * @packageDocumentation
 */
import { acmeCommands } from './pack.js';

export { acmeCommands };
export { acmeReadHealth, ACME_DIAGNOSTIC_OPCODE } from './acme-read-health.js';
export { decodeAcmeHealthLog, ACME_HEALTH_LOG_PAGE, ACME_HEALTH_PARAMETER, type AcmeHealthLog } from './acme-health-log.js';
export { readAcmeHealthLog } from './device.js';

export default acmeCommands;
