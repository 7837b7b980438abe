/** `sgio persist`: persistent reservations (like sg_persist). */
import { Option, type Command } from 'commander';
import { withCommonOptions, type CommonOptions } from '../common/global-options.js';
import { numberOption } from '../common/parse-number.js';
import { runAction } from '../common/run-action.js';

/** Registers `persist`. */
export function register(program: Command): void {
  const cmd = program
    .command('persist')
    .description('PERSISTENT RESERVE IN/OUT: read keys and reservations, register, reserve, release, clear, preempt (like sg_persist)')
    .argument('<device>', 'sg device node, e.g. /dev/sg1')
    .option('-i, --in', 'PERSISTENT RESERVE IN (the default)')
    .option('-o, --out', 'PERSISTENT RESERVE OUT')
    .option('-k, --read-keys', 'PR In: read keys (the default)')
    .option('-r, --read-reservation', 'PR In: read reservation')
    .option('-c, --report-capabilities', 'PR In: report capabilities')
    .option('-s, --read-full-status', 'PR In: read full status')
    .option('--read-status', 'same as --read-full-status')
    .option('-G, --register', 'PR Out: register (SARK is the new key; 0 unregisters)')
    .option('-I, --register-ignore', 'PR Out: register and ignore existing key')
    .option('-R, --reserve', 'PR Out: reserve (needs --param-rk and --prout-type)')
    .option('-L, --release', 'PR Out: release (needs --param-rk and --prout-type)')
    .option('-C, --clear', 'PR Out: clear every registration and the reservation (needs --param-rk)')
    .option('-P, --preempt', 'PR Out: preempt the registrations of SARK')
    .option('-A, --preempt-abort', 'PR Out: preempt and abort')
    .option('-M, --register-move', 'PR Out: register and move the reservation to --transport-id')
    .option('-x, --replace-lost', 'PR Out: replace lost reservation')
    .option('-K, --param-rk <hex>', 'PR Out RESERVATION KEY, in hex (like sg_persist)')
    .option('-S, --param-sark <hex>', 'PR Out SERVICE ACTION RESERVATION KEY, in hex')
    .addOption(new Option('-T, --prout-type <type>', 'PR Out TYPE: 1 write exclusive, 3 exclusive access, 5/6 registrants only, 7/8 all registrants').argParser(numberOption('--prout-type', 15)))
    .option('-Y, --param-alltgpt', "PR Out parameter 'ALL_TG_PT'")
    .option('-Z, --param-aptpl', "PR Out parameter 'APTPL' (persist through power loss)")
    .option('-U, --unreg', 'register and move: unregister this I_T nexus afterwards')
    .addOption(new Option('-Q, --relative-target-port <rtpi>', 'register and move: relative target port identifier').argParser(numberOption('--relative-target-port', 0xffff)))
    .option('-X, --transport-id <tid>', 'TransportID: sas,ADDR | fcp,ADDR | iqn.NAME (repeatable; SPEC_I_PT with --register)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .addOption(new Option('-l, --alloc-length <hex>', 'PR In allocation length, in hex (default 2000, i.e. 8192)'))
    .addOption(new Option('-m, --maxlen <n>', 'PR In allocation length, in decimal').argParser(numberOption('--maxlen', 0xffff)))
    .option('-n, --no-inquiry', 'skip the INQUIRY line (vendor, product) of the text output');
  withCommonOptions(cmd)
    .addHelpText(
      'after',
      `
Exit status as sg_persist: 24 reservation conflict, 5 illegal request, ...
--json (PR In): {device, action, generation, keys: ["0x.."]} for read keys;
{generation, reservation: {key, scope, scopeName, type, typeName} | null};
the capability flags and typeMask; {generation, registrations: [{key,
allTargetPorts, reservationHolder, type, typeName, relativeTargetPortId,
transportId}]}. --json (PR Out): {device, action, request, exitStatus}.`,
    )
    .action((device: string, opts: CommonOptions) => runAction(async () => (await import('../actions/persist.js')).persist, [device, opts], opts.verbose));
}
