/**
 * Platform fields: a package that runs native code (koffi, directly or
 * through a dependency) must say where it runs, so npm and pnpm refuse to
 * install it elsewhere instead of failing at the first call.
 */
import type { Manifest } from './workspace.js';

/** The CPUs koffi's prebuilt binaries and sgio's struct layouts (LP64) are checked on. */
export const NATIVE_CPUS: readonly string[] = ['x64', 'arm64'];

/** Problems with the `os`/`cpu` fields of a manifest (empty when fine). */
export function platformProblems(manifest: Manifest, native: boolean): string[] {
  const problems: string[] = [];
  if (!native) return problems;
  if (!manifest.os || manifest.os.length !== 1 || manifest.os[0] !== 'linux') {
    problems.push(`binds native code but "os" is ${JSON.stringify(manifest.os)}; it must be ["linux"]`);
  }
  if (!manifest.cpu || manifest.cpu.length === 0) {
    problems.push(`binds native code but declares no "cpu"; list ${NATIVE_CPUS.map((c) => `"${c}"`).join(', ')}`);
  } else {
    const unknown = manifest.cpu.filter((c) => !NATIVE_CPUS.includes(c));
    if (unknown.length) problems.push(`"cpu" lists ${unknown.join(', ')}, which sgio does not support (supported: ${NATIVE_CPUS.join(', ')})`);
  }
  return problems;
}
