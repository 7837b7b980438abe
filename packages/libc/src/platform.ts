/**
 * Where the bindings can run. The package imports anywhere; only calling a
 * binding on an unsupported platform throws.
 */
import { UnsupportedPlatformError } from './errors.js';

/** CPU architectures whose Linux ABI the constants and bindings cover. */
export type SupportedArch = 'x64' | 'arm64';

/** A description of the running platform as this package sees it. */
export interface PlatformInfo {
  /** `process.platform`. */
  readonly os: string;
  /** `process.arch`. */
  readonly arch: string;
  /** True when the bindings can be used: Linux on x86_64 or aarch64. */
  readonly supported: boolean;
  /** Why the platform is unsupported, when it is. */
  readonly reason?: string;
}

function describe(os: string, arch: string): PlatformInfo {
  if (os !== 'linux') {
    return { os, arch, supported: false, reason: `the operating system is '${os}', and @sgio/libc binds the Linux C library only` };
  }
  if (arch !== 'x64' && arch !== 'arm64') {
    return { os, arch, supported: false, reason: `the CPU architecture is '${arch}', and @sgio/libc has constants for x64 and arm64 only` };
  }
  return { os, arch, supported: true };
}

/** The running platform. */
export const platform: PlatformInfo = describe(process.platform, process.arch);

/**
 * The architecture whose constants are exported. Falls back to `x64` on
 * unsupported platforms so that importing never fails.
 */
export const constantsArch: SupportedArch = process.arch === 'arm64' ? 'arm64' : 'x64';

/** True when the bindings can be called on this platform. */
export function isSupportedPlatform(): boolean {
  return platform.supported;
}

/**
 * Throws {@link UnsupportedPlatformError} unless the bindings can run here.
 * @param what - the function the caller tried to use, for the message
 */
export function assertSupportedPlatform(what: string): void {
  if (!platform.supported) throw new UnsupportedPlatformError(what, platform.os, platform.arch, platform.reason ?? 'unsupported');
}
