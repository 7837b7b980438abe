/**
 * The report of the data-control subcommands (sync, verify, start, stop,
 * write-same, unmap): silent on success like sg3_utils (a line with -v),
 * and stable JSON with --json.
 */
import type { CommandResult } from '@sgio/core';
import type { CommonOptions } from './global-options.js';
import { printJson } from './output.js';
import { stderr } from './stdio.js';

/** JSON of one control subcommand run. */
export interface ControlReport {
  /** The device path. */
  readonly device: string;
  /** The subcommand (`sync`, `verify`, `start`, `stop`, `write-same`, `unmap`). */
  readonly action: string;
  /** What it asked for (LBA, block count, flags...). */
  readonly request: Record<string, unknown>;
  /** One entry per SCSI command sent: name, CDB (hex), status, duration. */
  readonly commands: readonly { readonly command: string; readonly cdb: string; readonly status: string; readonly durationMs: number }[];
  /** 0 (errors end with a message on stderr and their exit status). */
  readonly exitStatus: number;
}

/** Collects the results of a control subcommand and prints them at the end. */
export class ControlReporter {
  readonly #commands: ControlReport['commands'][number][] = [];

  constructor(
    private readonly device: string,
    private readonly action: string,
    private readonly request: Record<string, unknown>,
    private readonly options: CommonOptions,
  ) {}

  /** Records a completed command. */
  add(result: CommandResult): void {
    this.#commands.push({
      command: result.command,
      cdb: Array.from(result.cdb, (b) => b.toString(16).padStart(2, '0')).join(' '),
      status: result.statusName,
      durationMs: result.durationMs,
    });
  }

  /** Prints the report (JSON, or a summary line at -v) and returns exit status 0. */
  done(summary: string): number {
    if (this.options.json) {
      const report: ControlReport = { device: this.device, action: this.action, request: this.request, commands: this.#commands, exitStatus: 0 };
      printJson(report);
    } else if ((this.options.verbose ?? 0) > 0) stderr.write(`${summary}\n`);
    return 0;
  }
}
