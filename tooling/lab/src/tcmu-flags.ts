/**
 * The TCMU boot disk that sgio-lab's `--tcmu*` flags and the `tcmu` profile
 * ask for, and where the `sgio` bin that serves it is found.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { checkTcmuBootOptions, DEFAULT_TCMU_BOOT, type TcmuBootOptions } from './tcmu-boot.js';

/** The flags of sgio-lab that concern the TCMU disk. */
export interface TcmuFlags {
  readonly tcmu: boolean;
  readonly 'tcmu-bin'?: string;
  readonly 'tcmu-block-size'?: string;
  readonly 'tcmu-size-mb'?: string;
  readonly 'tcmu-thin': boolean;
}

/** Where an `sgio` bin is looked for, from a folder up: the repository's build, then an installed @sgio/cli. */
const BIN_CANDIDATES = ['apps/cli/dist/bin.cjs', 'node_modules/@sgio/cli/dist/bin.cjs'];

/**
 * The `sgio` bin that serves the disk: `given` (relative to `cwd`) when set,
 * else the first of {@link BIN_CANDIDATES} found from `cwd` up to the root.
 * Throws a message that says how to name one.
 */
export function findSgioBin(cwd: string, given?: string): string {
  if (given !== undefined) {
    const bin = resolve(cwd, given);
    if (!existsSync(bin)) throw new RangeError(`sgio-lab: --tcmu-bin ${given}: no such file (${bin})`);
    return bin;
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const c of BIN_CANDIDATES) {
      const bin = join(dir, c);
      if (existsSync(bin)) return bin;
    }
    if (dirname(dir) === dir) break;
  }
  throw new RangeError(
    'sgio-lab: the TCMU disk is served by `sgio target`, and no sgio bin was found from this folder up; name it with --tcmu-bin PATH (in the sgio repository: apps/cli/dist/bin.cjs after `pnpm build`; installed: node_modules/@sgio/cli/dist/bin.cjs)',
  );
}

/** The TCMU boot disk the flags and the profile ask for, if any; `--tcmu-*` value flags imply `--tcmu`. */
export function tcmuFromFlags(values: TcmuFlags, profile: { readonly tcmu?: Omit<TcmuBootOptions, 'bin'> }, cwd: string): TcmuBootOptions | undefined {
  const asked = values.tcmu || values['tcmu-thin'] || values['tcmu-bin'] !== undefined || values['tcmu-block-size'] !== undefined || values['tcmu-size-mb'] !== undefined;
  if (!asked && !profile.tcmu) return undefined;
  const base = profile.tcmu ?? DEFAULT_TCMU_BOOT;
  return checkTcmuBootOptions({
    sizeMb: values['tcmu-size-mb'] !== undefined ? Number(values['tcmu-size-mb']) : base.sizeMb,
    blockSize: (values['tcmu-block-size'] !== undefined ? Number(values['tcmu-block-size']) : base.blockSize) as TcmuBootOptions['blockSize'],
    thin: values['tcmu-thin'] || base.thin,
    bin: findSgioBin(cwd, values['tcmu-bin']),
  });
}
