/**
 * Keeping the guest on one host CPU.
 *
 * A UML guest is a kernel process that ptrace()s the guest's processes:
 * every guest system call and page fault stops the guest process and wakes
 * the kernel process, and back. When the two may run on different host
 * CPUs, each of these hand-overs wakes an idle CPU (in a virtual machine, a
 * halted vCPU: an exit to the hypervisor). Measured on this project's 2-CPU
 * VM (2026-12-02, same lab boot flags): `node -e 0` in the guest 1.2–1.8 s
 * unpinned, 0.4 s pinned; 20,000 single-block `sg_dd` reads 1.66 s against
 * 0.39 s. So the lab runs the guest's kernel under `taskset` on one CPU.
 */
import { readFileSync } from 'node:fs';
import { findOnPath } from './path-lookup.js';

/** What the lab's `--cpu` option takes: a CPU number, `auto` (pick one), or `all` (do not pin). */
export type CpuChoice = number | 'auto' | 'all';

/**
 * Parses a `--cpu` value.
 * @returns the choice, or undefined when `text` is neither a CPU number, `auto` nor `all`
 */
export function parseCpuChoice(text: string): CpuChoice | undefined {
  if (text === 'auto' || text === 'all') return text;
  return /^\d{1,4}$/.test(text) ? Number(text) : undefined;
}

/**
 * The CPUs a process may run on, from the `Cpus_allowed_list` line of
 * `/proc/PID/status` (`0-3,8,10-11`); empty when there is no such line.
 */
export function allowedCpus(procStatus: string): number[] {
  const line = /^Cpus_allowed_list:\s*(\S+)\s*$/m.exec(procStatus);
  if (!line) return [];
  const cpus: number[] = [];
  for (const part of line[1]!.split(',')) {
    const [from, to] = part.split('-').map(Number);
    if (from === undefined || !Number.isInteger(from)) continue;
    for (let c = from; c <= (to ?? from); c++) cpus.push(c);
  }
  return cpus;
}

/**
 * The CPU to pin the guest to, or undefined for none: with `auto`, one of
 * the allowed CPUs picked by `seed` (the lab's process id, so that guests
 * started side by side tend to land on different CPUs); a number is taken
 * as it is when allowed (RangeError when not: taskset would fail later,
 * less clearly); `all`, or a single allowed CPU, pins nothing.
 */
export function chooseCpu(choice: CpuChoice, allowed: readonly number[], seed: number): number | undefined {
  if (typeof choice === 'number' && allowed.length > 0 && !allowed.includes(choice)) {
    throw new RangeError(`sgio-lab: --cpu ${choice} is not a CPU this process may run on (${allowed.join(',')}); pick one of those, or auto.`);
  }
  if (choice === 'all' || allowed.length === 0) return undefined;
  if (choice === 'auto') return allowed.length > 1 ? allowed[seed % allowed.length] : undefined;
  return choice;
}

/** Where `taskset` (util-linux) is on `PATH`, or undefined. */
export function findTaskset(path = process.env.PATH ?? ''): string | undefined {
  return findOnPath(['taskset'], path);
}

/** Where `env` (coreutils) is on `PATH`, or undefined. */
export function findEnv(path = process.env.PATH ?? ''): string | undefined {
  return findOnPath(['env'], path);
}

/** What {@link pinnedSpawn} says to run. */
export interface PinnedProgram {
  /** The program to spawn. */
  readonly file: string;
  /** Its arguments. */
  readonly args: string[];
  /** Variables to add to the spawned process's environment. */
  readonly env: Readonly<Record<string, string>>;
}

/**
 * The program and arguments that start `binary` pinned to `cpu` (through
 * `taskset`, which execs it: the process id stays the binary's), or the
 * binary itself when there is no CPU to pin to or no `taskset`.
 *
 * `binaryEnv` is what the binary alone needs in its environment (the fetched
 * kernel's `LD_LIBRARY_PATH`, a newer C library than the host's). `taskset`
 * must not see it: the host's loader would load that library into
 * `taskset` and fail. So, when pinning, `env` (coreutils) sets it between
 * the two.
 */
export function pinnedSpawn(
  binary: string,
  args: readonly string[],
  cpu: number | undefined,
  taskset: string | undefined,
  binaryEnv: Readonly<Record<string, string>> = {},
  envProgram: string | undefined = undefined,
): PinnedProgram {
  const vars = Object.entries(binaryEnv);
  if (cpu === undefined || taskset === undefined || (vars.length > 0 && envProgram === undefined)) return { file: binary, args: [...args], env: { ...binaryEnv } };
  const through = vars.length > 0 ? [envProgram!, ...vars.map(([k, v]) => `${k}=${v}`)] : [];
  return { file: taskset, args: ['--cpu-list', String(cpu), ...through, binary, ...args], env: {} };
}

/** The CPUs this process may run on (see {@link allowedCpus}); empty where /proc cannot tell. */
export function ownAllowedCpus(): number[] {
  try {
    return allowedCpus(readFileSync('/proc/self/status', 'utf8'));
  } catch {
    return [];
  }
}
