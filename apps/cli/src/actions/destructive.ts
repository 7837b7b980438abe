/** `sgio format`, `sgio write-buffer` and `sgio reset`: core's guarded destructive work with sg3_utils' options. */
import { downloadMicrocodeFlow, dryRunExecutor, formatUnit, formatUnitFlow, activateMicrocodeFlow, downloadMicrocode, resetDevice, runFlowSync, type MicrocodeMode, type ResetKind } from '@sgio/core';
import { CliError } from '../common/cli-error.js';
import { ControlReporter } from '../common/control-report.js';
import { flowOptions, withDevice } from '../common/device.js';
import { readInputFile } from '../common/input-file.js';
import type { CommonOptions } from '../common/global-options.js';
import { printJson } from '../common/output.js';
import { printPlan } from '../common/plan.js';
import { fractionProgress } from '../common/progress-view.js';
import { stderr, stdout } from '../common/stdio.js';

/** Options of `format`. */
export interface FormatCommandOptions extends CommonOptions {
  /** Unit serial number or WWN. */
  confirm?: string;
  /** Print the plan only. */
  dryRun?: boolean;
  /** FMTPINFO. */
  fmtpinfo?: number;
  /** FFMT. */
  ffmt?: number;
  /** Without IMMED. */
  wait?: boolean;
  /** Seconds between polls. */
  poll?: number;
}

/** Runs `format`. */
export async function format(device: string, opts: FormatCommandOptions): Promise<number> {
  const flow = { fmtpinfo: opts.fmtpinfo ?? 0, fastFormat: opts.ffmt ?? 0, immediate: !opts.wait };
  if (opts.dryRun) {
    const dry = dryRunExecutor();
    runFlowSync(dry, formatUnitFlow(flow));
    return printPlan(device, 'format', dry.planned, flow.immediate ? [`then REQUEST SENSE every ${opts.poll ?? 1} s until the progress indication ends`] : [], opts);
  }
  const reporter = new ControlReporter(device, 'format', { ...flow, confirm: opts.confirm ?? null }, opts);
  return withDevice(device, opts, async (session) => {
    const progress = opts.json ? undefined : fractionProgress('formatting');
    try {
      const report = await formatUnit(session.device, {
        ...flowOptions(session),
        ...flow,
        confirm: opts.confirm,
        pollIntervalMs: (opts.poll ?? 1) * 1000,
        onProgress: (p) => progress?.update(p.fraction),
      });
      reporter.add(report.result);
      progress?.stop();
      return reporter.done(`formatted ${device} (${report.identity.vendor} ${report.identity.product}, serial ${report.identity.serial ?? '-'}) after ${report.polls} progress polls`);
    } finally {
      progress?.stop();
    }
  });
}

/** Options of `write-buffer`. */
export interface WriteBufferCommandOptions extends CommonOptions {
  /** The image file. */
  in?: string;
  /** Unit serial number or WWN. */
  confirm?: string;
  /** Print the plan only. */
  dryRun?: boolean;
  /** WRITE BUFFER mode. */
  mode?: number;
  /** Bytes per command. */
  bpw?: number;
  /** First buffer offset. */
  offset?: number;
  /** BUFFER ID. */
  id?: number;
  /** Send mode 0x0f after a deferred download. */
  activate?: boolean;
}

/** Runs `write-buffer`. */
export async function writeBufferCommand(device: string, opts: WriteBufferCommandOptions): Promise<number> {
  const mode = opts.mode ?? 7;
  if (![5, 7, 0x0d, 0x0e].includes(mode)) throw new CliError(`--mode must be 5, 7, 0x0d or 0x0e (the microcode download modes sgio sends), got ${mode}`);
  if (opts.in === undefined) throw new CliError('--in is required: the microcode image');
  const image = readInputFile(opts.in);
  const flow = { mode: mode as MicrocodeMode, chunkSize: opts.bpw ?? 65536, offset: opts.offset ?? 0, bufferId: opts.id ?? 0 };
  const activate = Boolean(opts.activate) && (mode === 0x0d || mode === 0x0e);
  if (opts.dryRun) {
    const dry = dryRunExecutor();
    runFlowSync(dry, downloadMicrocodeFlow(image, flow));
    if (activate) runFlowSync(dry, activateMicrocodeFlow());
    return printPlan(device, 'write-buffer', dry.planned, [], opts);
  }
  const reporter = new ControlReporter(device, 'write-buffer', { ...flow, bytes: image.length, activate, confirm: opts.confirm ?? null }, opts);
  return withDevice(device, opts, async (session) => {
    const progress = opts.json ? undefined : fractionProgress('downloading');
    try {
      const report = await downloadMicrocode(session.device, image, { ...flowOptions(session), ...flow, activate, confirm: opts.confirm, onProgress: (sent, total) => progress?.update(sent / total) });
      progress?.stop();
      for (const r of report.results) reporter.add(r);
      return reporter.done(`sent ${image.length} bytes of microcode to ${device} in ${report.results.length} WRITE BUFFER commands (mode ${mode})`);
    } finally {
      progress?.stop();
    }
  });
}

/** Options of `reset`. */
export interface ResetCommandOptions extends CommonOptions {
  /** Logical unit reset. */
  device?: boolean;
  /** Target reset. */
  target?: boolean;
  /** Bus reset. */
  bus?: boolean;
  /** Host reset. */
  host?: boolean;
  /** `--no-esc` sets this false. */
  esc?: boolean;
  /** Unit serial number or WWN. */
  confirm?: string;
  /** Say what would happen only. */
  dryRun?: boolean;
}

/** Runs `reset`. */
export async function reset(device: string, opts: ResetCommandOptions): Promise<number> {
  const kinds = (['device', 'target', 'bus', 'host'] as const).filter((k) => opts[k]);
  if (kinds.length > 1) throw new CliError('give at most one of --device, --target, --bus, --host');
  const kind: ResetKind = kinds[0] ?? 'device';
  const noEscalate = opts.esc === false;
  if (opts.dryRun) {
    if (opts.json) printJson({ device, action: 'reset', dryRun: true, kind, noEscalate, exitStatus: 0 });
    else stdout.write(`dry run: would send SG_SCSI_RESET (${kind}${noEscalate ? ', no escalation' : ''}) to ${device}; nothing was done.\n`);
    return 0;
  }
  return withDevice(device, opts, async (session) => {
    const identity = await resetDevice(session.device, kind, { ...flowOptions(session), confirm: opts.confirm, noEscalate });
    if (opts.json) printJson({ device, action: 'reset', kind, noEscalate, serial: identity.serial ?? null, exitStatus: 0 });
    else if ((opts.verbose ?? 0) > 0) stderr.write(`${kind} reset of ${device} done\n`);
    return 0;
  });
}
