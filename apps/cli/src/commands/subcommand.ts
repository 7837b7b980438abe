/**
 * One entry of the program's subcommand table: the names a subcommand
 * answers to and how to load the function that registers it with
 * commander. The names let `sgio NAME` load and register that subcommand
 * alone (see `main.ts`): building all of them, with their options and help
 * texts, is a good part of the start-up of a command that uses one. A unit
 * test checks that each `register` adds exactly the names listed.
 *
 * The table is also how the build splits the command (tooling/bundle): it
 * makes one program per entry, named by the entry's first name, with
 * `globalThis.SGIO_SPLIT` set to that name, and the loader runs it when that
 * is the first argument. Each entry's loader is written
 * `(globalThis.SGIO_SPLIT ?? 'NAME') === 'NAME' ? () => import(...) : undefined`,
 * which esbuild folds, so a program holds its own subcommand's code and no
 * other's (`sgio dd` reads a 370 KB program instead of the whole 720 KB).
 */
import type { Command } from 'commander';

declare global {
  /** Set by the bundler in a program of one subcommand: that subcommand's first name (undefined elsewhere). */
  var SGIO_SPLIT: string | undefined;
}

/** Adds a subcommand (or a group of them under one name) to `program`. */
export type Register = (program: Command) => void;

/** A subcommand: its names (the first is its name, the rest its aliases) and the loader of its registration. */
export interface Subcommand {
  /** The name and the aliases commander is given, in that order. */
  readonly names: readonly [string, ...string[]];
  /**
   * Loads the module that registers it; undefined in a program built for
   * another subcommand, which never needs it (the loader runs that program
   * only when its own subcommand is the first argument).
   */
  readonly load: (() => Promise<Register>) | undefined;
}

/** What {@link bundleSplits} gives the bundler: each subcommand's names, the first naming its program. */
export type BundleSplits = readonly (readonly [string, ...string[]])[];

/**
 * Registers `entries` on `program`, loading them first. Throws if one was
 * left out of this program (a bug of the build or of the loader's choice).
 */
export async function registerAll(program: Command, entries: readonly Subcommand[]): Promise<void> {
  const registers = await Promise.all(
    entries.map((s) => {
      if (!s.load) throw new Error(`sgio: the subcommand '${s.names[0]}' is not in this program (${globalThis.SGIO_SPLIT ?? 'whole'}); run dist/bin.cjs, which picks the program by the first argument`);
      return s.load();
    }),
  );
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
