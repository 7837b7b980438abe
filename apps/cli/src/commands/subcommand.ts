/**
 * One entry of the program's subcommand table: the names a subcommand
 * answers to and how to load the function that registers it with
 * commander. The names let `sgio NAME` load and register that subcommand
 * alone (see `main.ts`): building all of them, with their options and help
 * texts, is a good part of the start-up of a command that uses one. A unit
 * test checks that each `register` adds exactly the names listed.
 */
import type { Command } from 'commander';

/** Adds a subcommand (or a group of them under one name) to `program`. */
export type Register = (program: Command) => void;

/** A subcommand: its names (the first is its name, the rest its aliases) and the loader of its registration. */
export interface Subcommand {
  /** The name and the aliases commander is given, in that order. */
  readonly names: readonly [string, ...string[]];
  /**
   * Loads the module that registers it (a dynamic import: in the bundle, a
   * module's top level runs on its first import, so `sgio dd` initializes
   * no other subcommand's module).
   */
  readonly load: () => Promise<Register>;
}

/** Loads `entries` and registers them on `program`, in the table's order. */
export async function registerAll(program: Command, entries: readonly Subcommand[]): Promise<void> {
  const registers = await Promise.all(entries.map((s) => s.load()));
  for (const register of registers) register(program);
}

/**
 * The subcommand that argv asks for: the first word that is not a global
 * option (`--plugin X`, `--plugin=X`, `-V`, `-h`, ...) nor a global option's
 * value. Undefined when there is none (plain `sgio`, `sgio --help`).
 * @param args - the arguments after node and the script
 */
export function requestedSubcommand(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return args[i + 1];
    if (a === '--plugin') i++;
    else if (!a.startsWith('-')) return a;
  }
  return undefined;
}

/**
 * The entries to register for these arguments: the named subcommand's own
 * entry; none for a plain `--version`; all of them otherwise (top-level
 * help, or a name no subcommand has, which commander answers with a
 * suggestion).
 * @param args - the arguments after node and the script
 */
export function subcommandsFor(table: readonly Subcommand[], args: readonly string[]): readonly Subcommand[] {
  const name = requestedSubcommand(args);
  if (name === undefined) {
    const versionOnly = args.some((a) => a === '-V' || a === '--version') && !args.some((a) => a === '-h' || a === '--help');
    return versionOnly ? [] : table;
  }
  const own = table.find((s) => s.names.includes(name));
  return own ? [own] : table;
}
