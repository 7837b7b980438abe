/** Command-line splitting for sgio-lab. */

const VALUE_OPTIONS = new Set(['--profile', '--param', '--timeout', '--mem', '--lio-initiators', '--lio-block-size', '--lio-size-mb']);

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
