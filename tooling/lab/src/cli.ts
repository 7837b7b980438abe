#!/usr/bin/env node
/**
 * sgio-lab: boot a real Linux kernel with the sg driver and scsi_debug disks
 * and run a command (or a shell) inside it.
 */
import { parseArgs } from 'node:util';
import { EXIT_BOOT_FAILED, runInLab } from './boot.js';
import { describeKernels, fetchUnstableKernel, installSystemPackages, missingPackages } from './install.js';
import { LabSetupError, findKernel, type KernelChoice } from './kernel.js';
import { LAB_OPTIONS, splitArgv } from './argv.js';
import { DEFAULT_LIO, checkLioOptions, type LioOptions } from './lio.js';
import { isProfileName, parseParam, profiles, type LabProfile, type ScsiDebugParams } from './profiles.js';
import { tcmuFromFlags } from './tcmu-flags.js';
import { parseCpuChoice } from './cpu-pin.js';

const HELP = `Usage: sgio-lab [options] [--] COMMAND [ARG...]
       sgio-lab [options] shell
       sgio-lab --install | --fetch-kernel | --check | --profiles

Boots User-Mode Linux with the host's root file system, loads the real sg
driver and scsi_debug disks, waits for /dev/sg*, and runs COMMAND in the
current folder with your environment. Its output streams live; its exit
status is sgio-lab's. The guest is always powered off afterwards.

Options:
  --profile NAME     scsi_debug profile: ${Object.keys(profiles).join(', ')} (default: default)
  --param NAME=VAL   set any scsi_debug parameter (repeatable), e.g.
                     --param every_nth=10 --param opts=4 (after the profile)
  --block            also load sd_mod, so /dev/sd* appear beside /dev/sg*
  --lio              also set up LIO (the Linux SCSI target) after scsi_debug:
                     one fileio logical unit seen through loopback initiators,
                     one sg device each (the lio profile turns it on)
  --lio-initiators N LIO initiators, 1..8 (default 2); implies --lio
  --lio-block-size B LIO logical block length, 512 or 4096; implies --lio
  --lio-size-mb N    LIO logical unit size in MiB (default 64); implies --lio
  --lio-thin         LIO thin provisioning (UNMAP, WRITE SAME with UNMAP); implies --lio
  --tcmu             also serve a TCMU disk (sgio's TypeScript SCSI disk) with
                     \`sgio target\` in the guest, after LIO: its sg device
                     comes last (the tcmu profile turns it on)
  --tcmu-bin PATH    the sgio bin that serves it (default: apps/cli/dist/bin.cjs
                     or node_modules/@sgio/cli/dist/bin.cjs, from this folder up)
  --tcmu-block-size B  TCMU logical block length, 512 or 4096; implies --tcmu
  --tcmu-size-mb N   TCMU disk size in MiB (default 64, kept in memory); implies --tcmu
  --tcmu-thin        TCMU thin provisioning; implies --tcmu
  --net              a network link to the host (a tap device; root): the
                     guest's vec0 is SGIO_LAB_GUEST_ADDRESS, the host's end
                     SGIO_LAB_HOST_ADDRESS
  --browser          a headless Chromium on the host (implies --net), for
                     tests that drive a browser: its DevTools WebSocket
                     endpoint is SGIO_LAB_BROWSER in the guest
  --timeout SECONDS  kill the guest after this long (default 600); exit 124
  --mem SIZE         guest memory (default 2G)
  --cpu N|auto|all   the host CPU the guest runs on (default auto: one of
                     those allowed; all: not pinned, which makes the guest's
                     system calls and page faults several times slower)
  --install          install the system packages (apt-get, as root) and, if
                     this CPU needs it, a newer UML kernel into /opt/sgio-lab
  --kernel default|unstable
                     which kernel to boot: the default one (Debian's 6.1, or
                     what --install fetched), or the one --fetch-kernel put
                     aside (default: default)
  --fetch-kernel     fetch Debian unstable's UML kernel (Linux 7.2 in 2026-12,
                     whose bsg takes SCSI commands over io_uring) into
                     /opt/sgio-lab/unstable, as root; boot it with
                     --kernel unstable (the default kernel stays)
  --check            show which kernel and module tree would be used
  --profiles         list the profiles
  -h, --help         this text

Exit status: the command's; 124 timeout; 125 the guest could not boot or
load the modules; 128+N interrupted by signal N.

Examples:
  sgio-lab -- sg_inq /dev/sg0
  sgio-lab --profile multi -- ls /dev/sg*
  sgio-lab --profile 4k --param every_nth=5 -- sg_dd if=/dev/sg0 of=/dev/null bs=4096 count=100
  sgio-lab --profile lio -- sg_persist --in --read-keys /dev/sg1
  sgio-lab --profile tcmu -- sg_inq /dev/sg1
  sgio-lab shell`;

async function probe(choice: KernelChoice = 'default'): Promise<boolean> {
  const r = await runInLab({ command: ['true'], scsiDebug: profiles.default.scsiDebug, timeoutMs: 60_000, log: () => {}, kernel: findKernel(process.env, choice) });
  return r.status === 0;
}

/** The LIO set-up the profile and the `--lio*` flags ask for, if any. */
function lioFromFlags(
  values: { lio: boolean; 'lio-initiators'?: string; 'lio-block-size'?: string; 'lio-size-mb'?: string; 'lio-thin': boolean },
  profile: { readonly lio?: LioOptions },
): LioOptions | undefined {
  const asked = values.lio || values['lio-thin'] || values['lio-initiators'] !== undefined || values['lio-block-size'] !== undefined || values['lio-size-mb'] !== undefined;
  if (!asked) return profile.lio;
  const base = profile.lio ?? DEFAULT_LIO;
  return checkLioOptions({
    initiators: values['lio-initiators'] !== undefined ? Number(values['lio-initiators']) : base.initiators,
    blockSize: (values['lio-block-size'] !== undefined ? Number(values['lio-block-size']) : base.blockSize) as LioOptions['blockSize'],
    sizeMb: values['lio-size-mb'] !== undefined ? Number(values['lio-size-mb']) : base.sizeMb,
    thin: values['lio-thin'] || base.thin,
  });
}

async function main(argv: readonly string[]): Promise<number> {
  const { own, command } = splitArgv(argv);
  const { values } = parseArgs({
    args: own,
    options: LAB_OPTIONS,
    strict: true,
  });
  const log = (l: string): void => void process.stderr.write(`${l}\n`);
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (values.profiles) {
    for (const p of Object.values(profiles)) process.stdout.write(`${p.name.padEnd(8)} ${p.description}\n`);
    return 0;
  }
  if (values.check) {
    process.stdout.write(`${describeKernels()}\n`);
    const missing = missingPackages();
    process.stdout.write(missing.length ? `missing packages: ${missing.join(' ')}\n` : 'system packages present\n');
    findKernel();
    const ok = await probe();
    process.stdout.write(ok ? 'boot: ok\n' : 'boot: FAILED (run sgio-lab --install)\n');
    return ok ? 0 : EXIT_BOOT_FAILED;
  }
  if (values['fetch-kernel']) {
    fetchUnstableKernel(log, 'unstable');
    const ok = await probe('unstable');
    process.stdout.write(`${describeKernels()}\n${ok ? 'boot: ok' : 'boot: FAILED'}\n`);
    return ok ? 0 : EXIT_BOOT_FAILED;
  }
  if (values.install) {
    installSystemPackages(log);
    if (await probe()) {
      log('sgio-lab: the lab boots.');
      return 0;
    }
    log('sgio-lab: the installed kernel does not boot here; fetching a newer one.');
    fetchUnstableKernel(log);
    if (!(await probe())) throw new LabSetupError('ELAB_BOOT', 'sgio-lab: the lab still does not boot after --install; run `sgio-lab --check`.');
    log('sgio-lab: the lab boots.');
    return 0;
  }
  if (!isProfileName(values.profile)) {
    log(`sgio-lab: unknown profile '${values.profile}'; choose one of ${Object.keys(profiles).join(', ')}.`);
    return 2;
  }
  const scsiDebug: ScsiDebugParams = { ...profiles[values.profile].scsiDebug };
  for (const p of values.param) {
    const [k, v] = parseParam(p);
    scsiDebug[k] = v;
  }
  const lio = lioFromFlags(values, profiles[values.profile] as LabProfile);
  const tcmu = tcmuFromFlags(values, profiles[values.profile] as LabProfile, process.cwd());
  const timeout = Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) {
    log(`sgio-lab: --timeout expects a positive number of seconds, got '${values.timeout}'.`);
    return 2;
  }
  const cpu = parseCpuChoice(values.cpu);
  if (cpu === undefined) {
    log(`sgio-lab: --cpu expects a CPU number, auto or all, got '${values.cpu}'.`);
    return 2;
  }
  if (values.kernel !== 'default' && values.kernel !== 'unstable') {
    log(`sgio-lab: --kernel expects default or unstable, got '${values.kernel}'.`);
    return 2;
  }
  const kernel = findKernel(process.env, values.kernel);
  const interactive = command.length === 1 && command[0] === 'shell';
  if (command.length === 0) {
    log('sgio-lab: no command given. Try `sgio-lab -- sg_inq /dev/sg0` or `sgio-lab shell` (see --help).');
    return 2;
  }
  const result = await runInLab({
    command,
    scsiDebug,
    profile: values.profile,
    block: values.block,
    net: values.net,
    browser: values.browser,
    ...(lio ? { lio } : {}),
    ...(tcmu ? { tcmu } : {}),
    timeoutMs: timeout * 1000,
    mem: values.mem,
    cpu,
    kernel,
    interactive,
  });
  return result.status;
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = e instanceof LabSetupError ? EXIT_BOOT_FAILED : 2;
  },
);
