/** The whole program builds: every subcommand registers without clashing options, and says what it does in --help. */
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CliError } from './common/cli-error.js';
import { requestedSubcommand, subcommandsFor } from './commands/subcommand.js';
import { stderr } from './common/stdio.js';
import { buildProgram, main, subcommands } from './main.js';

describe('the sgio program', () => {
  it('registers every subcommand without an option clash (commander throws at registration)', async () => {
    const program = await buildProgram();
    const names = program.commands.map((c) => c.name());
    expect(names).toEqual(expect.arrayContaining(['dd', 'inq', 'compare-and-write', 'zones', 'zone', 'format', 'write-buffer', 'reset', 'selftest', 'persist']));
    expect(new Set(names).size).toBe(names.length);
  });

  it("lists each subcommand's names as its registration adds them (the table `sgio NAME` registers from)", async () => {
    for (const entry of subcommands) {
      const program = new Command('sgio');
      (await entry.load())(program);
      expect(
        program.commands.map((c) => [c.name(), ...c.aliases()]),
        entry.names[0],
      ).toEqual([entry.names]);
    }
    const all = subcommands.flatMap((s) => s.names);
    expect(new Set(all).size).toBe(all.length);
    expect((await buildProgram()).commands).toHaveLength(subcommands.length);
  });

  it('registers only the subcommand argv names, and all of them for help or an unknown name', async () => {
    expect(requestedSubcommand(['inq', '/dev/sg0'])).toBe('inq');
    expect(requestedSubcommand(['--plugin', './p.js', 'cmd', 'x'])).toBe('cmd');
    expect(requestedSubcommand(['--plugin=./p.js', '-v', 'tur'])).toBe('tur');
    expect(requestedSubcommand(['--', 'dd'])).toBe('dd');
    expect(requestedSubcommand(['--help'])).toBeUndefined();
    expect(requestedSubcommand([])).toBeUndefined();
    expect((await buildProgram(['inquiry', '/dev/sg0'])).commands.map((c) => c.name())).toEqual(['inq']);
    expect((await buildProgram(['help', 'inq'])).commands).toHaveLength(subcommands.length);
    expect((await buildProgram(['inqq'])).commands).toHaveLength(subcommands.length);
    expect(subcommandsFor(subcommands, [])).toBe(subcommands);
    expect(subcommandsFor(subcommands, ['--help'])).toBe(subcommands);
    expect(subcommandsFor(subcommands, ['--version'])).toEqual([]);
    expect(subcommandsFor(subcommands, ['-V', '--help'])).toBe(subcommands);
  });

  it('answers a subcommand with the same help whether it was registered alone or with all', async () => {
    const all = await buildProgram();
    for (const entry of subcommands) {
      const alone = (await buildProgram([entry.names[0]])).commands.map((c) => c.helpInformation());
      const amongAll = all.commands.filter((c) => c.name() === entry.names[0]).map((c) => c.helpInformation());
      expect(alone, entry.names[0]).toEqual(amongAll);
    }
  });

  it('gives every subcommand a description and a help text', async () => {
    for (const c of (await buildProgram()).commands) {
      expect(c.description(), c.name()).not.toBe('');
      expect(c.helpInformation(), c.name()).toContain(`Usage: sgio ${c.name()}`);
    }
  });

  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  it("every option parser refuses a bad value with a usage error (CliError or commander's), never another error", async () => {
    let parsers = 0;
    for (const c of (await buildProgram()).commands) {
      for (const o of c.options) {
        const parse = (o as unknown as { parseArg?: (value: string, previous: unknown) => unknown }).parseArg;
        if (!parse) continue;
        parsers++;
        for (const bad of ['soon', '', '-1', '0x', '99999999999999999999999']) {
          try {
            parse.call(o, bad, o.defaultValue);
          } catch (e) {
            // commander's own refusal (choices) is handled as a usage error too
            const usage = e instanceof CliError || (e as { code?: string }).code === 'commander.invalidArgument';
            expect(usage, `${c.name()} ${o.long ?? o.short} ${JSON.stringify(bad)}: ${String(e)}`).toBe(true);
          }
        }
      }
    }
    expect(parsers).toBeGreaterThan(20);
  });

  it('a refused option value ends with a message and exit status 1, not a stack trace', async () => {
    const err: string[] = [];
    vi.spyOn(stderr, 'write').mockImplementation((s: string | Uint8Array) => void err.push(String(s)));
    await main(['node', 'sgio', 'target', '--memory', '16M', '--self-test-ms', 'soon']);
    expect(process.exitCode).toBe(1);
    expect(err.join('')).toMatch(/^sgio: --self-test-ms: 'soon' is not a number .*\n\(run with --help for usage\)\n$/);
    expect(err.join('')).not.toMatch(/\n +at /);
  });
});
