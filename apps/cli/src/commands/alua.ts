/** `sgio rtpg` (REPORT TARGET PORT GROUPS, like sg_rtpg) and `sgio stpg` (SET TARGET PORT GROUPS, like sg_stpg): ALUA. */
import { Option, type Command } from 'commander';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { numberOption } from '../common/parse-number.js';
import { runAction } from '../common/run-action.js';

/** Registers `rtpg`. */
export function registerRtpg(program: Command): void {
  withCommonOptions(
    program
      .command('rtpg')
      .description('show the asymmetric access (ALUA) state of every target port group and its ports with REPORT TARGET PORT GROUPS (like sg_rtpg)')
      .argument('<device>', 'sg device node, e.g. /dev/sg0')
      .option('-e, --extended', 'ask for the extended header (implicit transition time), like sg_rtpg --extended'),
  )
    .addHelpText(
      'after',
      [
        '',
        'Text: one block per target port group: its id, PREF, access state, the states it supports, status code and its relative target ports.',
        'JSON: { format, implicitTransitionTime, groups: [{ group, preferred, accessState, accessStateName, supportedStates, statusCode, vendorSpecific, ports }], truncated }.',
        'Exit status 5 when the device has no ALUA (ILLEGAL REQUEST: the command is not supported).',
      ].join('\n'),
    )
    .action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/alua.js')).rtpg, [device, opts], opts.verbose));
}

/** Registers `stpg`. */
export function registerStpg(program: Command): void {
  const cmd = program
    .command('stpg')
    .description('change the asymmetric access (ALUA) state of a target port group with SET TARGET PORT GROUPS (like sg_stpg)')
    .argument('<device>', 'sg device node, e.g. /dev/sg0')
    .addOption(
      new Option('-s, --state <state>', 'the state to take: ao (active/optimized), an (active/non-optimized), s (standby), u (unavailable), o (offline), or the full name').makeOptionMandatory(),
    )
    .addOption(new Option('-g, --group <id>', "the target port group (default: the group of the port DEVICE is reached through, from VPD 0x83, as sg_stpg does)").argParser(numberOption('--group', 0xffff)));
  withCommonOptions(cmd, { hex: false })
    .addHelpText(
      'after',
      [
        '',
        'The device must support explicit ALUA (TPGS 2 or 3 in INQUIRY); otherwise it answers ILLEGAL REQUEST (exit 5).',
        'A standby or unavailable group refuses reads and writes through its ports (NOT READY, exit 2) until it is made active again.',
        '--json: {device, action, request, commands: [{command, cdb, status, durationMs}], exitStatus}.',
        '',
        'Example: sgio stpg /dev/sg1 --state standby && sgio rtpg /dev/sg1',
      ].join('\n'),
    )
    .action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/alua.js')).stpg, [device, opts], opts.verbose));
}
