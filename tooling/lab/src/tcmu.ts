/**
 * TCMU, the third lab target: a LIO user backstore (`target_core_user`)
 * whose commands a process in the guest serves through `/dev/uioN` (sgio's
 * `@sgio/target`). These functions render the bash that loads the modules
 * and creates the backstore, that exports it through a tcm_loop LUN (the
 * scan's commands then go to the handler, which must already be serving),
 * and that removes both. Facts (Linux 6.1, measured in the lab): the uio
 * map size is in `/sys/class/uio/uioN/maps/map0/size`; the uio name is
 * `tcm-user/<hba>/<device>/<dev_config>`; `nl_reply_supported=-1` makes the
 * kernel skip waiting for a netlink reply (no tcmu-runner needed).
 */
import { LIO_CONFIGFS, LIO_LOAD_FUNCTION, LIO_MODULES, LOAD_FUNCTION } from './lio.js';
import { shellQuote } from './shell-quote.js';

/** How a TCMU backstore is made. */
export interface TcmuOptions {
  /** Backstore name under `core/user_1/`. */
  readonly name: string;
  /** Size in MiB. */
  readonly sizeMb: number;
  /** Logical block length the target core uses (`hw_block_size`). */
  readonly blockSize: 512 | 4096;
  /**
   * Seconds a command may stay unanswered in the ring before the kernel
   * ends it (`attrib/cmd_time_out`; the kernel's default is 30, 0 never).
   * Left as it is when not given.
   */
  readonly cmdTimeOutS?: number;
  /** Largest command in blocks the target core takes (`hw_max_sectors`; the kernel's default is 128). */
  readonly hwMaxSectors?: number;
  /** `dev_config` (tcmu-runner picks its handler by the part before the first `/`); default `sgio/<name>`. */
  readonly config?: string;
}

/** A 64 MiB backstore `sgio0` of 512-byte blocks. */
export const DEFAULT_TCMU: TcmuOptions = { name: 'sgio0', sizeMb: 64, blockSize: 512 };

/** configfs folder of TCMU backstore `name`. */
export function tcmuBackstorePath(name: string): string {
  return `${LIO_CONFIGFS}/core/user_1/${name}`;
}

/** Target port WWN of the loopback target exporting TCMU backstores (distinct from LIO's). */
export const TCMU_TARGET_WWN = 'naa.50014050000c0001';
/** Initiator port WWN (nexus) of that loopback target. */
export const TCMU_INITIATOR_WWN = 'naa.50014050000d0001';

/** The two ports of a tcm_loop target that exports a TCMU backstore. */
export interface TcmuPorts {
  /** Target port WWN. */
  readonly target: string;
  /** Initiator port WWN (the nexus). */
  readonly initiator: string;
}

/** The ports lab tests export their TCMU backstores through. */
export const TCMU_TEST_PORTS: TcmuPorts = { target: TCMU_TARGET_WWN, initiator: TCMU_INITIATOR_WWN };

/**
 * A second pair of ports for the same backstore: a second I_T nexus (its
 * own SCSI host and sg device), for tests of what one initiator's task
 * management or reservations do to another's commands.
 */
export const TCMU_SECOND_TEST_PORTS: TcmuPorts = { target: 'naa.50014050000c0003', initiator: 'naa.50014050000d0003' };

/** WWN prefix shared by every TCMU loopback target (tests' and the boot disk's), so helpers can tell them from LIO's. */
export const TCMU_TARGET_WWN_PREFIX = 'naa.50014050000c';

/** Checks options in terms a test author can act on. */
export function checkTcmuOptions(o: TcmuOptions): TcmuOptions {
  if (!/^[A-Za-z0-9_-]+$/.test(o.name)) throw new RangeError(`sgio-lab: TCMU backstore name '${o.name}' may hold only letters, digits, '_' and '-'`);
  if (!Number.isInteger(o.sizeMb) || o.sizeMb < 1) throw new RangeError(`sgio-lab: TCMU size must be a positive number of MiB, got ${o.sizeMb}`);
  if (o.cmdTimeOutS !== undefined && (!Number.isInteger(o.cmdTimeOutS) || o.cmdTimeOutS < 0)) throw new RangeError(`sgio-lab: TCMU cmd_time_out must be a whole number of seconds (0 for never), got ${o.cmdTimeOutS}`);
  if (o.hwMaxSectors !== undefined && (!Number.isInteger(o.hwMaxSectors) || o.hwMaxSectors < 1 || o.hwMaxSectors > 0xffff)) throw new RangeError(`sgio-lab: TCMU hw_max_sectors must be 1..65535 blocks, got ${o.hwMaxSectors}`);
  if (o.config !== undefined && !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]*$/.test(o.config)) throw new RangeError(`sgio-lab: TCMU dev_config '${o.config}' must be SUBTYPE/CONFIG of letters, digits, '_', '-', '.' and '/'`);
  if (o.blockSize !== 512 && o.blockSize !== 4096) throw new RangeError(`sgio-lab: TCMU block size must be 512 or 4096, got ${String(o.blockSize)}`);
  return o;
}

/**
 * Bash (with `$M` and `fail` defined) that loads LIO, uio and
 * target_core_user, creates and enables the backstore and prints its
 * `/dev/uioN` on stdout.
 */
export function tcmuCreateScript(options: TcmuOptions): string {
  const o = checkTcmuOptions(options);
  const dev = tcmuBackstorePath(o.name);
  return `${LOAD_FUNCTION}
${LIO_LOAD_FUNCTION}
${[...LIO_MODULES, 'drivers/uio/uio', 'drivers/target/target_core_user'].map((m) => `lio_load ${m}`).join('\n')}
grep -q ' /sys/kernel/config configfs ' /proc/mounts || mount -t configfs none /sys/kernel/config || fail "cannot mount configfs"
[ -e ${dev} ] && fail "TCMU backstore ${o.name} exists already (tear it down first)"
lio_modprobe=$(cat /proc/sys/kernel/modprobe)
echo > /proc/sys/kernel/modprobe
mkdir -p ${dev}
echo "$lio_modprobe" > /proc/sys/kernel/modprobe
echo dev_size=${o.sizeMb * 1024 * 1024} > ${dev}/control || fail "TCMU: dev_size refused"
echo dev_config=${o.config ?? `sgio/${o.name}`} > ${dev}/control || fail "TCMU: dev_config refused"
echo nl_reply_supported=-1 > ${dev}/control || fail "TCMU: nl_reply_supported refused"
echo hw_block_size=${o.blockSize} > ${dev}/control || fail "TCMU: hw_block_size refused"
${o.hwMaxSectors === undefined ? '' : `echo hw_max_sectors=${o.hwMaxSectors} > ${dev}/control || fail "TCMU: hw_max_sectors refused"`}
echo 1 > ${dev}/enable || fail "TCMU: cannot enable the backstore"
${o.cmdTimeOutS === undefined ? '' : `echo ${o.cmdTimeOutS} > ${dev}/attrib/cmd_time_out || fail "TCMU: cmd_time_out refused"`}
for u in /sys/class/uio/uio*; do
  case "$(cat "$u/name")" in tcm-user/1/${o.name}/*) echo "/dev/\${u##*/}"; exit 0;; esac
done
fail "TCMU: no uio device names ${o.name}"
`;
}

/**
 * Bash that exports the backstore as LUN 0 of a tcm_loop target (nexus
 * first, as LIO needs). The kernel scans the LUN at once: the handler must
 * serve the ring while this runs.
 */
export function tcmuExportScript(name: string, ports: TcmuPorts = TCMU_TEST_PORTS): string {
  const tpg = `${LIO_CONFIGFS}/loopback/${ports.target}/tpgt_1`;
  return `mkdir -p ${tpg} || fail "TCMU: cannot create the loopback target"
echo ${ports.initiator} > ${tpg}/nexus || fail "TCMU: nexus refused"
mkdir ${tpg}/lun/lun_0 && ln -s ${tcmuBackstorePath(name)} ${tpg}/lun/lun_0/${name} || fail "TCMU: cannot export the backstore"
echo ok
`;
}

/**
 * Bash that removes the TCMU loopback target (its LUN goes, and with it the
 * sg and sd devices: sd may send SYNCHRONIZE CACHE, so the handler must still
 * serve); nothing when there is none.
 */
export function tcmuUnexportScript(ports: TcmuPorts = TCMU_TEST_PORTS): string {
  const t = shellQuote(`${LIO_CONFIGFS}/loopback/${ports.target}`);
  return `if [ -d ${t} ]; then
  for lun in ${t}/tpgt_1/lun/lun_*; do
    [ -d "$lun" ] || continue
    find "$lun" -maxdepth 1 -type l -exec rm {} +
    rmdir "$lun"
  done
  [ -d ${t}/tpgt_1 ] && rmdir ${t}/tpgt_1
  rmdir ${t}
fi
true
`;
}

/** Backstore name of the disk the lab serves from boot (`--tcmu`); tests' teardowns leave it alone. */
export const TCMU_BOOT_NAME = 'sgiolab';

/**
 * Bash that removes the tests' TCMU loopback targets and every TCMU backstore
 * but the boot disk's (stop the handler after the unexport, before this).
 */
export function tcmuTeardownScript(): string {
  const core = shellQuote(`${LIO_CONFIGFS}/core`);
  return `${tcmuUnexportScript(TCMU_SECOND_TEST_PORTS)}
${tcmuUnexportScript()}
if [ -d ${core} ]; then
  for d in ${core}/user_*/*; do [ -d "$d" ] && [ "\${d##*/}" != ${TCMU_BOOT_NAME} ] && rmdir "$d"; done
  # an HBA still holding the boot disk stays
  for h in ${core}/user_*; do [ -d "$h" ] && rmdir "$h" 2>/dev/null; done
fi
true
`;
}
