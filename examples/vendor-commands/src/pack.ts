/**
 * The command pack: what `CommandSet.use()`, the CLI's `--plugin` and the
 * server register. One pack per vendor is the usual shape.
 */
import { defineCommandPack } from '@sgio/struct';
import { acmeReadHealth } from './acme-read-health.js';
import { reportTargetPortGroups } from './report-target-port-groups.js';

/** The example pack: REPORT TARGET PORT GROUPS and ACME READ HEALTH. */
export const acmeCommands = defineCommandPack({
  name: 'acme',
  description: 'Example third-party pack: REPORT TARGET PORT GROUPS and the ACME vendor commands',
  commands: [reportTargetPortGroups, acmeReadHealth],
});
