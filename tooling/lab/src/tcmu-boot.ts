/**
 * The TCMU disk the lab serves from boot (`--tcmu`, the `tcmu` profile): a
 * backstore made by the init script, served by an `sgio target` process in
 * the guest and exported through its own tcm_loop target, so a command run
 * with `sgio-lab --profile tcmu -- ...` finds it beside scsi_debug's disks.
 * These functions render the init script's part; the lab does not depend on
 * the CLI, so the caller names the `sgio` bin that serves the disk.
 */
import { shellQuote } from './shell-quote.js';
import { TCMU_BOOT_NAME, TCMU_TARGET_WWN_PREFIX, checkTcmuOptions, tcmuBackstorePath, tcmuCreateScript, tcmuExportScript, tcmuUnexportScript, type TcmuPorts } from './tcmu.js';

/** The TCMU disk served from boot. */
export interface TcmuBootOptions {
  /** Size in MiB. */
  readonly sizeMb: number;
  /** Logical block length. */
  readonly blockSize: 512 | 4096;
  /** Thin provisioning (`sgio target --thin`: UNMAP and WRITE SAME with UNMAP deallocate). */
  readonly thin: boolean;
  /** Absolute path of the `sgio` command's bin (a Node.js script, e.g. `apps/cli/dist/bin.cjs`) that serves the disk. */
  readonly bin: string;
}

/** A 64 MiB disk of 512-byte blocks, fully provisioned (the bin is the caller's). */
export const DEFAULT_TCMU_BOOT: Omit<TcmuBootOptions, 'bin'> = { sizeMb: 64, blockSize: 512, thin: false };

/** Ports of the boot disk's loopback target (distinct from the ones tests export through). */
export const TCMU_BOOT_PORTS: TcmuPorts = { target: `${TCMU_TARGET_WWN_PREFIX}0002`, initiator: 'naa.50014050000d0002' };

/** Where the serving process's output goes in the guest (its JSON lines, its errors). */
export const TCMU_BOOT_LOG = '/dev/shm/sgio-lab-tcmu.log';

/** Checks options in terms of the `--tcmu-*` flags. */
export function checkTcmuBootOptions(o: TcmuBootOptions): TcmuBootOptions {
  if (!Number.isInteger(o.sizeMb) || o.sizeMb < 1) throw new RangeError(`sgio-lab: TCMU size must be a positive number of MiB (--tcmu-size-mb), got ${o.sizeMb}`);
  if (o.blockSize !== 512 && o.blockSize !== 4096) throw new RangeError(`sgio-lab: TCMU block size must be 512 or 4096 (--tcmu-block-size), got ${String(o.blockSize)}`);
  if (!o.bin.startsWith('/')) throw new RangeError(`sgio-lab: the sgio bin that serves the TCMU disk must be an absolute path (--tcmu-bin), got '${o.bin}'`);
  return o;
}

/** The value of `SGIO_LAB_TCMU` in the guest (empty without a boot disk). */
export function tcmuEnvValue(o: TcmuBootOptions): string {
  return `name=${TCMU_BOOT_NAME} size_mb=${o.sizeMb} block_size=${o.blockSize} thin=${o.thin ? 1 : 0}`;
}

/**
 * Init-script bash (with `$M`, `fail` and the load functions' needs met)
 * that creates the backstore, starts `node BIN target --uio ...` in the
 * background (its pid in `$tcmu_pid`), waits for its `serving` line and
 * exports the disk. `node` is the host's Node.js, seen through hostfs.
 */
export function tcmuBootScript(o: TcmuBootOptions, node: string): string {
  const b = checkTcmuBootOptions(o);
  const create = tcmuCreateScript(checkTcmuOptions({ name: TCMU_BOOT_NAME, sizeMb: b.sizeMb, blockSize: b.blockSize }));
  const log = shellQuote(TCMU_BOOT_LOG);
  const serve = [node, b.bin, 'target', '--uio', '"$tcmu_uio"', '--memory', `${b.sizeMb}M`, '--block-size', String(b.blockSize), ...(b.thin ? ['--thin'] : []), '--json']
    .map((w) => (w === '"$tcmu_uio"' ? w : shellQuote(w)))
    .join(' ');
  return `tcmu_uio=$(
${create}) || fail "TCMU: could not create the boot disk's backstore"
${serve} </dev/null >${log} 2>&1 &
tcmu_pid=$!
for _ in $(seq 1 2400); do
  grep -q '"serving"' ${log} && break
  kill -0 $tcmu_pid 2>/dev/null || break
  sleep 0.025
done
grep -q '"serving"' ${log} || fail "TCMU: sgio target did not start serving $tcmu_uio: $(tail -c 600 ${log})"
(
${tcmuExportScript(TCMU_BOOT_NAME, TCMU_BOOT_PORTS)}) >/dev/null || fail "TCMU: could not export the boot disk"
`;
}

/**
 * Init-script bash, before power-off: unexports the boot disk while its
 * server still serves (the device's removal may send commands), stops the
 * server (SIGTERM finishes commands in flight), removes the backstore.
 */
export function tcmuBootTeardownScript(): string {
  return `${tcmuUnexportScript(TCMU_BOOT_PORTS)}
if [ -n "$tcmu_pid" ]; then kill -TERM $tcmu_pid 2>/dev/null; wait $tcmu_pid 2>/dev/null; fi
[ -d ${shellQuote(tcmuBackstorePath(TCMU_BOOT_NAME))} ] && rmdir ${shellQuote(tcmuBackstorePath(TCMU_BOOT_NAME))}
true
`;
}
