/** Command-line options of sgio-lab, and splitting argv into them and the command to run. */
import type { ParseArgsConfig } from 'node:util';

/** sgio-lab's own options, as `node:util` parseArgs takes them. */
export const LAB_OPTIONS = {
  profile: { type: 'string', default: 'default' },
  param: { type: 'string', multiple: true, default: [] as string[] },
  block: { type: 'boolean', default: false },
  lio: { type: 'boolean', default: false },
  'lio-initiators': { type: 'string' },
  'lio-block-size': { type: 'string' },
  'lio-size-mb': { type: 'string' },
  'lio-thin': { type: 'boolean', default: false },
  tcmu: { type: 'boolean', default: false },
  'tcmu-bin': { type: 'string' },
  'tcmu-block-size': { type: 'string' },
  'tcmu-size-mb': { type: 'string' },
  'tcmu-thin': { type: 'boolean', default: false },
  net: { type: 'boolean', default: false },
  browser: { type: 'boolean', default: false },
  timeout: { type: 'string', default: '600' },
  mem: { type: 'string', default: '2G' },
  cpu: { type: 'string', default: 'auto' },
  kernel: { type: 'string', default: 'default' },
  install: { type: 'boolean', default: false },
  'fetch-kernel': { type: 'boolean', default: false },
  check: { type: 'boolean', default: false },
  profiles: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies NonNullable<ParseArgsConfig['options']>;

/** The options that take a value (`--name VALUE`), from {@link LAB_OPTIONS}. */
const VALUE_OPTIONS = new Set(
  Object.entries(LAB_OPTIONS)
    .filter(([, o]) => o.type === 'string')
    .map(([name]) => `--${name}`),
);

/** Splits argv into the lab's own options and the command to run. */
export function splitArgv(argv: readonly string[]): { own: string[]; command: string[] } {
  const own: string[] = [];
  let i = 0;
  while (i < argv.length) {
    const a = argv[i]!;
    if (a === '--') return { own, command: argv.slice(i + 1) };
    if (!a.startsWith('-')) break;
    own.push(a);
    if (VALUE_OPTIONS.has(a) && i + 1 < argv.length) own.push(argv[++i]!);
    i++;
  }
  return { own, command: argv.slice(i) };
}
