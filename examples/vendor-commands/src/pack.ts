/**
 * The command pack: what `CommandSet.use()`, the CLI's `--plugin` and the
 * server register. One pack per vendor is the usual shape.
 */
import { defineCommandPack } from '@sgio/struct';
import { ACME_HEALTH_LOG_PAGE, decodeAcmeHealthLog } from './acme-health-log.js';
import { acmeReadHealth } from './acme-read-health.js';

/**
 * The example pack: the vendor command ACME READ HEALTH, and the
 * decoder of the ACME health log page (0x30), which a `DecoderRegistry`
 * that `.use()`s the pack picks by page code.
 */
export const acmeCommands = defineCommandPack({
  name: 'acme',
  description: 'Example third-party pack: the ACME vendor commands and health log page',
  commands: [acmeReadHealth],
  logPages: [{ pageCode: ACME_HEALTH_LOG_PAGE, name: 'ACME health', decode: decodeAcmeHealthLog }],
});
