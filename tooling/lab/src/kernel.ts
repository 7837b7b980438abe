/**
 * Finding a User-Mode Linux kernel and its module tree on the host.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Where `sgio-lab --install` puts a kernel fetched from Debian unstable. */
export const LAB_HOME = '/opt/sgio-lab';
/** Library folder holding the C library that the fetched kernel needs. */
export const LAB_LIBDIR = `${LAB_HOME}/lib`;
/**
 * The program interpreter patched into the fetched kernel. It must not be
 * longer than the stock `/lib64/ld-linux-x86-64.so.2` it replaces.
 */
export const LAB_INTERPRETER = `${LAB_LIBDIR}/ld.so`;
/**
 * Where `sgio-lab --fetch-kernel` puts Debian unstable's kernel: beside the
 * default one, not instead of it, booted only with `--kernel unstable`
 * (the lab's suites run on Debian stable's kernel; the io_uring transport's
 * suite needs the unstable one).
 */
export const LAB_UNSTABLE = `${LAB_HOME}/unstable`;

/** Which kernel to boot: the best of the default ones, or the one `--fetch-kernel` put aside. */
export type KernelChoice = 'default' | 'unstable';

/** A kernel the lab can boot. */
export interface UmlKernel {
  /** Path of the `linux.uml` executable. */
  readonly binary: string;
  /** Folder that holds one folder per kernel version (`<version>/kernel/...`). */
  readonly modulesRoot: string;
  /** The version folders found under `modulesRoot` that carry sg and scsi_debug. */
  readonly versions: readonly string[];
  /** Extra environment for the host process (the fetched kernel's C library). */
  readonly env: Readonly<Record<string, string>>;
  /** Where it came from, for messages. */
  readonly origin: 'environment' | 'sgio-lab' | 'debian' | 'unstable';
}

/** Error for a missing or unusable lab installation; `code` is stable. */
export class LabSetupError extends Error {
  /** Stable error code. */
  readonly code: 'ELAB_NO_KERNEL' | 'ELAB_NO_MODULES' | 'ELAB_BOOT' | 'ELAB_INSTALL' | 'ELAB_NET' | 'ELAB_BROWSER';
  constructor(code: LabSetupError['code'], message: string) {
    super(message);
    this.name = 'LabSetupError';
    this.code = code;
  }
}

/** The message that tells a user how to get the lab's system packages. */
export const INSTALL_HINT =
  'Install them with `apt-get install user-mode-linux kmod sg3-utils` (Debian/Ubuntu), or run `sgio-lab --install` as root, which also fetches a newer kernel when this CPU needs one.';

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Version folders under `root` that contain the sg and scsi_debug modules. */
export function moduleVersions(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((v) => {
      const scsi = join(root, v, 'kernel', 'drivers', 'scsi');
      if (!existsSync(scsi)) return false;
      const names = readdirSync(scsi);
      return names.some((n) => n.startsWith('sg.ko')) && names.some((n) => n.startsWith('scsi_debug.ko'));
    })
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}

function candidate(binary: string, modulesRoot: string, origin: UmlKernel['origin'], env: Record<string, string>): UmlKernel | undefined {
  if (!isFile(binary)) return undefined;
  return { binary, modulesRoot, versions: moduleVersions(modulesRoot), env, origin };
}

/**
 * The kernels present, best first: `SGIO_LAB_KERNEL`/`SGIO_LAB_MODULES`, then
 * the one `--install` fetched, then Debian's `user-mode-linux` package.
 */
export function kernelCandidates(environment: NodeJS.ProcessEnv = process.env): UmlKernel[] {
  const found: (UmlKernel | undefined)[] = [];
  if (environment.SGIO_LAB_KERNEL) {
    found.push(
      candidate(environment.SGIO_LAB_KERNEL, environment.SGIO_LAB_MODULES ?? '/usr/lib/uml/modules', 'environment', {}),
    );
  }
  found.push(candidate(`${LAB_HOME}/uml/linux.uml`, `${LAB_HOME}/uml/modules`, 'sgio-lab', { LD_LIBRARY_PATH: LAB_LIBDIR }));
  found.push(candidate('/usr/bin/linux.uml', '/usr/lib/uml/modules', 'debian', {}));
  return found.filter((k): k is UmlKernel => k !== undefined);
}

/** The kernel `--fetch-kernel` put aside, if present. */
export function unstableKernel(): UmlKernel | undefined {
  return candidate(`${LAB_UNSTABLE}/linux.uml`, `${LAB_UNSTABLE}/modules`, 'unstable', { LD_LIBRARY_PATH: LAB_LIBDIR });
}

/**
 * The kernel to boot, or a {@link LabSetupError} that says what to install.
 */
export function findKernel(environment: NodeJS.ProcessEnv = process.env, choice: KernelChoice = 'default'): UmlKernel {
  if (choice === 'unstable') {
    const k = unstableKernel();
    if (!k || k.versions.length === 0) {
      throw new LabSetupError('ELAB_NO_KERNEL', `sgio-lab: no kernel in ${LAB_UNSTABLE} (with sg.ko and scsi_debug.ko); run \`sgio-lab --fetch-kernel\` as root to fetch Debian unstable's.`);
    }
    return k;
  }
  const all = kernelCandidates(environment);
  if (all.length === 0) {
    throw new LabSetupError('ELAB_NO_KERNEL', `sgio-lab: no User-Mode Linux kernel (linux.uml) found. ${INSTALL_HINT}`);
  }
  const usable = all.find((k) => k.versions.length > 0);
  if (!usable) {
    throw new LabSetupError(
      'ELAB_NO_MODULES',
      `sgio-lab: found ${all[0]!.binary} but no module tree with sg.ko and scsi_debug.ko under ${all[0]!.modulesRoot}. ${INSTALL_HINT}`,
    );
  }
  return usable;
}
