/**
 * `ScsiDisk`: a direct-access logical unit made of default SPC/SBC handlers
 * over a backing store, with hooks to override any command and a fault
 * injector. It knows nothing of the ring: {@link ScsiDisk.execute} takes a
 * request and returns a response (the TCMU target, or a test, calls it).
 */
import { BufferPool } from '@sgio/libc';
import { cdbLengthOfGroup, ScsiStatus, standardCommands, type ReportedCommand } from '@sgio/struct';
import { TargetError } from '../errors.js';
import { FaultInjector } from '../faults/fault-injector.js';
import type { BackingStore } from '../store/backing-store.js';
import type { DiskContext, DiskIdentity } from './disk-context.js';
import type { ScsiRequest } from './request.js';
import { checkMaxTransferBlocks } from './transfer-limit.js';
import { checkCondition, Sense, type ScsiResponse } from './response.js';
import * as sbc from './sbc.js';
import * as spc from './spc.js';
import { Sanitizer } from './sanitize.js';
import { SelfTests, type SelfTestDurations } from './self-test.js';
import { reportSupportedOpcodes } from './supported-opcodes.js';
import { WriteGate } from './write-gate.js';

/** A command handler: answers a request, or calls `next()` for the default behaviour. */
export type CommandHandler = (request: ScsiRequest, next: () => Promise<ScsiResponse>, disk: ScsiDisk) => ScsiResponse | Promise<ScsiResponse>;

/** The answer of {@link ScsiDisk.execute}: a response, or `'drop'` when a fault rule drops the command. */
export type ExecuteResult = ScsiResponse | 'drop';

/** Options of {@link ScsiDisk}. */
export interface ScsiDiskOptions {
  /** The backing store (its size must be a multiple of the block length). */
  readonly store: BackingStore;
  /** Logical block length; default 512. */
  readonly blockSize?: number;
  /** Identity overrides (vendor, product, revision, serial, NAA). */
  readonly identity?: Partial<DiskIdentity>;
  /** Thin provisioning (UNMAP, WRITE SAME with UNMAP); default false. */
  readonly thin?: boolean;
  /** Write protected; default false. */
  readonly readOnly?: boolean;
  /** Largest transfer in blocks reported in the Block Limits page; default 128 (TCMU's default hw_max_sectors). */
  readonly maxTransferBlocks?: number;
  /** How long self-tests take (SEND DIAGNOSTIC); default short 2 s, extended 6 s, the default test at once. */
  readonly selfTest?: SelfTestDurations;
  /** How long a SANITIZE takes at the least, in ms (its progress shows in REQUEST SENSE meanwhile); default 1000. */
  readonly sanitizeMs?: number;
}

type DefaultHandler = (request: ScsiRequest, disk: DiskContext, unit: ScsiDisk) => ScsiResponse | Promise<ScsiResponse>;

/** The default handlers by struct definition id. */
const DEFAULTS: Readonly<Record<string, DefaultHandler>> = {
  inquiry: spc.inquiry,
  modeSense6: spc.modeSense,
  modeSense10: spc.modeSense,
  reportLuns: spc.reportLuns,
  testUnitReady: spc.testUnitReady,
  requestSense: spc.requestSense,
  logSense: spc.logSense,
  sendDiagnostic: (request, disk, unit) => disk.selfTests.sendDiagnostic(request, unit.faults),
  sanitize: (request, disk) => disk.sanitizer.sanitize(request, disk),
  read6: sbc.readBlocks,
  read10: sbc.readBlocks,
  read12: sbc.readBlocks,
  read16: sbc.readBlocks,
  write6: sbc.writeBlocks,
  write10: sbc.writeBlocks,
  write12: sbc.writeBlocks,
  write16: sbc.writeBlocks,
  readCapacity10: sbc.readCapacity10,
  readCapacity16: sbc.readCapacity16,
  synchronizeCache10: sbc.synchronizeCache,
  synchronizeCache16: sbc.synchronizeCache,
  verify10: sbc.verify,
  verify16: sbc.verify,
  unmap: sbc.unmap,
  writeSame10: sbc.writeSame,
  writeSame16: sbc.writeSame,
  getLbaStatus: sbc.getLbaStatus,
  compareAndWrite: sbc.compareAndWrite,
  reportSupportedOpcodes: (request, _disk, unit) => reportSupportedOpcodes(request, unit.supportedCommands()),
  startStopUnit: () => ({ status: ScsiStatus.GOOD }),
  preventAllowMediumRemoval: () => ({ status: ScsiStatus.GOOD }),
};

/** The ids of the commands the defaults serve (everything else is INVALID COMMAND OPERATION CODE unless a hook answers it). */
export const DEFAULT_COMMANDS: readonly string[] = Object.keys(DEFAULTS);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A direct-access SCSI logical unit in TypeScript. */
export class ScsiDisk {
  /** The state the default handlers use (store, geometry, identity, pending sense). */
  readonly context: DiskContext;
  /** Fault injection for this disk. */
  readonly faults = new FaultInjector();
  readonly #hooks = new Map<string | number, CommandHandler>();

  /** A disk over `options.store`. */
  constructor(options: ScsiDiskOptions) {
    const blockSize = options.blockSize ?? 512;
    if (![512, 1024, 2048, 4096].includes(blockSize)) throw new TargetError('ETCMU_ARGUMENT', `ScsiDisk: block size must be 512, 1024, 2048 or 4096, got ${blockSize}`);
    const blocks = Math.floor(options.store.size / blockSize);
    if (blocks < 1) throw new TargetError('ETCMU_ARGUMENT', `ScsiDisk: the store (${options.store.size} bytes) holds no ${blockSize}-byte block`);
    if (options.maxTransferBlocks !== undefined) checkMaxTransferBlocks(options.maxTransferBlocks);
    const serial = options.identity?.serial ?? 'SGIO0000000000000001';
    this.context = {
      store: options.store,
      blockSize,
      blocks,
      identity: {
        vendor: options.identity?.vendor ?? 'SGIO',
        product: options.identity?.product ?? 'TS TCMU DISK',
        revision: options.identity?.revision ?? '0001',
        serial,
        naa: options.identity?.naa ?? 0x5001405000c00001n,
      },
      thin: options.thin ?? false,
      readOnly: options.readOnly ?? false,
      maxTransferBlocks: options.maxTransferBlocks ?? 128,
      writeGate: new WriteGate(),
      // enough for a queue of the largest READs the disk allows; the rest comes and goes
      dataInBuffers: new BufferPool(32 * (options.maxTransferBlocks ?? 128) * blockSize),
      selfTests: new SelfTests(options.selfTest),
      sanitizer: new Sanitizer(options.sanitizeMs),
      lastSense: undefined,
    };
  }

  /**
   * Overrides a command (by struct definition id, e.g. `'inquiry'`, or by
   * opcode for commands struct does not know). The handler may call `next()`
   * for the default behaviour. Returns a function that removes the hook.
   */
  handle(command: string | number, handler: CommandHandler): () => void {
    this.#hooks.set(command, handler);
    return () => {
      if (this.#hooks.get(command) === handler) this.#hooks.delete(command);
    };
  }

  /**
   * The commands this disk answers, in opcode order: the defaults it serves
   * (UNMAP only when thin) and every hooked command. REPORT SUPPORTED
   * OPERATION CODES lists them.
   */
  supportedCommands(): ReportedCommand[] {
    const out: ReportedCommand[] = [];
    for (const id of new Set([...DEFAULT_COMMANDS, ...[...this.#hooks.keys()].filter((k) => typeof k === 'string')])) {
      if (id === 'unmap' && !this.context.thin && !this.#hooks.has(id)) continue;
      const definition = standardCommands.get(id);
      if (definition) out.push(definition);
    }
    for (const key of this.#hooks.keys()) {
      if (typeof key === 'number' && !out.some((c) => c.opcode === key)) out.push({ opcode: key, length: cdbLengthOfGroup(key) });
    }
    return out.sort((a, b) => a.opcode - b.opcode || (('kind' in a ? a.serviceAction : 0) ?? 0) - (('kind' in b ? b.serviceAction : 0) ?? 0));
  }

  /**
   * Runs a request through a foreground self-test's and a sanitize's gate
   * (NOT READY, SELF-TEST / SANITIZE IN PROGRESS), unit attentions, fault rules, hooks and the
   * defaults. Never throws: failures become HARDWARE ERROR.
   */
  async execute(request: ScsiRequest): Promise<ExecuteResult> {
    let response: ScsiResponse;
    try {
      const busy = this.context.selfTests.gate(request) ?? this.context.sanitizer.gate(request);
      if (busy) return busy;
      this.context.selfTests.interruptFor(request);
      const action = this.faults.decide(request);
      if (action.kind === 'drop') return 'drop';
      if (action.kind === 'respond' || action.kind === 'delay') {
        if (action.delayMs > 0) await sleep(action.delayMs);
      }
      response = action.kind === 'respond' ? action.response : await this.#dispatch(request);
    } catch {
      response = checkCondition(Sense.INTERNAL_TARGET_FAILURE);
    }
    if (response.status === ScsiStatus.CHECK_CONDITION && response.sense) this.context.lastSense = response.sense;
    return response;
  }

  #dispatch(request: ScsiRequest): Promise<ScsiResponse> {
    const id = request.definition?.id;
    const fallback = (): Promise<ScsiResponse> => {
      const handler = id === undefined ? undefined : DEFAULTS[id];
      return Promise.resolve(handler ? handler(request, this.context, this) : checkCondition(Sense.INVALID_OPCODE));
    };
    const hook = (id !== undefined ? this.#hooks.get(id) : undefined) ?? this.#hooks.get(request.opcode);
    return hook ? Promise.resolve(hook(request, fallback, this)) : fallback();
  }
}
