/** The output of `--dry-run` for subcommands that run one of core's flows (format, write-buffer, selftest). */
import type { PlannedCommand } from '@sgio/core';
import type { CommonOptions } from './global-options.js';
import { printJson } from './output.js';
import { stdout } from './stdio.js';

/** Prints a dry run's plan: one line per command (CDB in hex, data length), or JSON. */
export function printPlan(device: string, action: string, planned: readonly PlannedCommand[], notes: readonly string[], options: CommonOptions): number {
  const commands = planned.map((p) => ({ command: p.command, cdb: Array.from(p.cdb, (b) => b.toString(16).padStart(2, '0')).join(' '), direction: p.direction, dataLength: p.dataLength }));
  if (options.json) printJson({ device, action, dryRun: true, commands, notes, exitStatus: 0 });
  else {
    stdout.write(`dry run: ${action} of ${device} would send:\n`);
    for (const c of commands) stdout.write(`  ${c.command} cdb: ${c.cdb}${c.dataLength ? `  (${c.direction === 'out' ? 'sending' : 'receiving'} ${c.dataLength} bytes)` : ''}\n`);
    for (const n of notes) stdout.write(`  ${n}\n`);
    stdout.write('nothing was sent.\n');
  }
  return 0;
}
