/**
 * Runs a subcommand's action: loads its module lazily (so `sgio --version`
 * and `--help` start fast), and turns errors into messages and exit statuses.
 */
/** Sets process.exitCode from what the action returns or throws. */
export async function runAction(load: () => Promise<(...args: never[]) => Promise<number | void> | number | void>, args: unknown[], verbose = 0): Promise<void> {
  try {
    const action = await load();
    const code = await (action as (...a: unknown[]) => Promise<number | void> | number | void)(...args);
    process.exitCode = typeof code === 'number' ? code : 0;
  } catch (e) {
    // the error table lives in @sgio/core: load it only when there is an error to report
    const { reportError } = await import('./fail.js');
    process.exitCode = reportError(e, verbose);
  }
}
