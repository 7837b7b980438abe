/**
 * The Linux SCSI target (LIO) as a second, independent SCSI target in the
 * lab: a `fileio` backstore on a sparse file in the guest's tmpfs, exported
 * through N `tcm_loop` loopback targets. Each loopback target is its own
 * SCSI host with its own I_T nexus, so N initiators see one logical unit
 * (what persistent reservations need). These functions render the bash that
 * sets it up and tears it down; the init script and the guest helpers run it.
 */
import { shellQuote } from './shell-quote.js';

/** How the LIO logical unit is set up. */
export interface LioOptions {
  /** Loopback initiators (I_T nexuses), one sg device each; 1..8. */
  readonly initiators: number;
  /** Logical block length in bytes. */
  readonly blockSize: 512 | 4096;
  /** Thin provisioning: UNMAP and WRITE SAME with UNMAP (`emulate_tpu`, `emulate_tpws`). */
  readonly thin: boolean;
  /** Size of the backstore in MiB. */
  readonly sizeMb: number;
}

/** Two initiators on a 64 MiB logical unit of 512-byte blocks, fully provisioned. */
export const DEFAULT_LIO: LioOptions = { initiators: 2, blockSize: 512, thin: false, sizeMb: 64 };

/** configfs root of the target subsystem in the guest. */
export const LIO_CONFIGFS = '/sys/kernel/config/target';
/** Folder in the guest's tmpfs holding the backstore file and LIO's `dbroot` (APTPL state). */
export const LIO_STATE_DIR = '/dev/shm/sgio-lab-lio';
/** SCSI host `proc_name` of tcm_loop hosts (how the helpers tell LIO devices apart). */
export const LIO_PROC_NAME = 'tcm_loopback';

/**
 * The unit serial number of the LIO logical unit (VPD page 0x80). LIO lists
 * its VPD pages in page 0x00 only when a serial is set (targetcli always
 * sets one); without it every VPD page but 0x00 is refused.
 */
export const LIO_UNIT_SERIAL = '5b1e0c3a-7f2d-4e19-9c55-0a11ce5ca1ab';

/** Target port WWN of loopback target `i` (1-based). */
export function lioTargetWwn(i: number): string {
  return `naa.50014050000a${i.toString(16).padStart(4, '0')}`;
}

/** Initiator port WWN (the nexus) of loopback target `i` (1-based). */
export function lioInitiatorWwn(i: number): string {
  return `naa.50014050000b${i.toString(16).padStart(4, '0')}`;
}

/** Checks options and says what is wrong in terms of the `--lio-*` flags. */
export function checkLioOptions(o: LioOptions): LioOptions {
  if (!Number.isInteger(o.initiators) || o.initiators < 1 || o.initiators > 8) {
    throw new RangeError(`sgio-lab: LIO initiators must be 1..8 (--lio-initiators), got ${o.initiators}`);
  }
  if (o.blockSize !== 512 && o.blockSize !== 4096) {
    throw new RangeError(`sgio-lab: LIO block size must be 512 or 4096 (--lio-block-size), got ${String(o.blockSize)}`);
  }
  if (!Number.isInteger(o.sizeMb) || o.sizeMb < 1) {
    throw new RangeError(`sgio-lab: LIO size must be a positive number of MiB, got ${o.sizeMb}`);
  }
  return o;
}

/** Options as the `SGIO_LAB_LIO` environment value (`initiators=2 block_size=512 thin=0 size_mb=64`). */
export function lioEnvValue(o: LioOptions): string {
  return `initiators=${o.initiators} block_size=${o.blockSize} thin=${o.thin ? 1 : 0} size_mb=${o.sizeMb}`;
}

/**
 * A bash function `load NAME [PARAM...]` that insmods a module of the tree
 * in `$M` after its dependencies (modprobe would look in the host's
 * /lib/modules, which does not hold the UML modules). Calls `fail` on error.
 */
export const LOAD_FUNCTION = `load() {
  local name=$1 f dep
  shift
  grep -q "^$name " /proc/modules && return 0
  f=$(find "$M/kernel" -name "$name.ko*" -print -quit)
  [ -n "$f" ] || fail "module $name not found under $M"
  for dep in $(modinfo -F depends "$f" | tr ',' ' '); do load "$dep"; done
  insmod "$f" "$@" || fail "insmod $name $* failed"
}`;

/** The LIO modules in load order, as paths under the module tree's `kernel/` (each needs only the ones before it and scsi_mod). */
export const LIO_MODULES = ['fs/configfs/configfs', 'drivers/target/target_core_mod', 'drivers/target/target_core_file', 'drivers/target/loopback/tcm_loop'];

/**
 * `lio_load PATH`: insmod of a module at its known place in the tree (a
 * `find` over the tree on hostfs costs seconds in the guest), falling back
 * to {@link LOAD_FUNCTION}'s search when the tree is laid out differently.
 */
export const LIO_LOAD_FUNCTION = `lio_load() {
  local name f
  name=$(basename "$1")
  grep -q "^$name " /proc/modules && return 0
  for f in "$M/kernel/$1".ko*; do
    [ -e "$f" ] && { insmod "$f" || fail "insmod $name failed"; return 0; }
  done
  load "$name"
}`;

/**
 * Bash that sets LIO up, with `$M` (the module tree) and a `fail` function
 * defined by the caller. Facts it rests on (Linux 6.1, measured in the lab):
 * the backstore's `block_size` takes effect only after `enable`, and
 * `emulate_tpu` written before `enable` crashes the kernel; the nexus must
 * be written before the LUN is created, or the LUN never appears; the
 * `dbroot` (where APTPL registrations persist) must be set before any
 * backstore exists. The kernel's module auto-loading is switched off while
 * the backstore is created: it would run the host's modprobe for every
 * backstore type, which fails after seconds each.
 */
export function lioSetupScript(options: LioOptions): string {
  const o = checkLioOptions(options);
  const dev = `${LIO_CONFIGFS}/core/fileio_0/disk0`;
  const img = `${LIO_STATE_DIR}/disk0.img`;
  const lines = [
    LOAD_FUNCTION,
    LIO_LOAD_FUNCTION,
    ...LIO_MODULES.map((m) => `lio_load ${m}`),
    `grep -q ' /sys/kernel/config configfs ' /proc/mounts || mount -t configfs none /sys/kernel/config || fail "cannot mount configfs"`,
    `[ -e ${dev} ] && fail "LIO is already set up (tear it down first)"`,
    `mkdir -p ${LIO_STATE_DIR}/pr`,
    `echo ${LIO_STATE_DIR} > ${LIO_CONFIGFS}/dbroot 2>/dev/null`,
    `truncate -s ${o.sizeMb}M ${img}`,
    'lio_modprobe=$(cat /proc/sys/kernel/modprobe)',
    `echo > /proc/sys/kernel/modprobe`,
    `mkdir -p ${dev}`,
    'echo "$lio_modprobe" > /proc/sys/kernel/modprobe',
    `echo fd_dev_name=${img},fd_dev_size=${o.sizeMb * 1024 * 1024} > ${dev}/control || fail "LIO: fileio control refused"`,
    `echo 1 > ${dev}/enable || fail "LIO: cannot enable the fileio backstore"`,
    `echo ${o.blockSize} > ${dev}/attrib/block_size || fail "LIO: block_size ${o.blockSize} refused"`,
    `echo ${LIO_UNIT_SERIAL} > ${dev}/wwn/vpd_unit_serial || fail "LIO: unit serial refused"`,
  ];
  if (o.thin) {
    lines.push(`echo 1 > ${dev}/attrib/emulate_tpu || fail "LIO: emulate_tpu refused"`);
    lines.push(`echo 1 > ${dev}/attrib/emulate_tpws || fail "LIO: emulate_tpws refused"`);
  }
  for (let i = 1; i <= o.initiators; i++) {
    const tpg = `${LIO_CONFIGFS}/loopback/${lioTargetWwn(i)}/tpgt_1`;
    lines.push(`mkdir -p ${tpg} || fail "LIO: cannot create loopback target ${i}"`);
    lines.push(`echo ${lioInitiatorWwn(i)} > ${tpg}/nexus || fail "LIO: nexus of target ${i} refused"`);
    lines.push(`mkdir ${tpg}/lun/lun_0 && ln -s ${dev} ${tpg}/lun/lun_0/disk0 || fail "LIO: cannot export the backstore through target ${i}"`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Bash that removes every loopback target and fileio backstore (whatever
 * set them up) and the backing file; does nothing when LIO is not set up.
 * The sg devices of the loopback hosts go away with their targets.
 */
export function lioTeardownScript(): string {
  const c = shellQuote(LIO_CONFIGFS);
  return `if [ -d ${c}/loopback ]; then
  for tpg in ${c}/loopback/naa.*/tpgt_*; do
    [ -d "$tpg" ] || continue
    for lun in "$tpg"/lun/lun_*; do
      [ -d "$lun" ] || continue
      find "$lun" -maxdepth 1 -type l -exec rm {} +
      rmdir "$lun"
    done
    rmdir "$tpg"
  done
  for t in ${c}/loopback/naa.*; do [ -d "$t" ] && rmdir "$t"; done
  rmdir ${c}/loopback
fi
if [ -d ${c}/core ]; then
  for d in ${c}/core/fileio_*/*; do [ -d "$d" ] && rmdir "$d"; done
  for h in ${c}/core/fileio_*; do [ -d "$h" ] && rmdir "$h"; done
fi
rm -f ${shellQuote(LIO_STATE_DIR)}/disk0.img
true
`;
}
