/**
 * Fault injection: sense data for chosen LBAs or commands, delays, dropped
 * commands (the kernel's TCMU timeout path), unit attentions on demand and
 * self-tests that fail.
 * Rules are checked in the order they were added; the first match wins.
 */
import type { ScsiRequest } from '../scsi/request.js';
import { checkCondition, Sense, type ScsiResponse, type SenseCode } from '../scsi/response.js';
import { blockRangeOf } from '../scsi/sbc.js';

/** What a fault rule matches and what it does. */
export interface FaultRule {
  /** Commands it applies to: struct definition ids (`read10`) or opcodes; default every command. */
  readonly commands?: readonly (string | number)[];
  /** Block range it applies to: a command matches when its range overlaps `[first, first + count)`. */
  readonly lbas?: {
    /** First LBA of the range. */
    readonly first: number;
    /** Blocks in the range; default 1. */
    readonly count?: number;
  };
  /** Answer CHECK CONDITION with this sense (INFORMATION is the first failing LBA when `lbas` is set). */
  readonly sense?: SenseCode;
  /** Answer this status without sense (BUSY, TASK SET FULL, ...), when `sense` is not given. */
  readonly status?: number;
  /** Wait this long before answering (or before the normal handling, without `sense`/`status`). */
  readonly delayMs?: number;
  /** Never answer: the command stays in the ring until the kernel's timeout aborts it. */
  readonly drop?: boolean;
  /** How many commands it applies to before it retires; default unlimited. */
  readonly times?: number;
}

/** A self-test that is to fail: what the Self-Test Results log page records for it. */
export interface SelfTestFailureRule {
  /** SELF-TEST CODEs it applies to (1, 2, 5, 6; 0 for the default self-test); default every test. */
  readonly codes?: readonly number[];
  /** Sense key, ASC and ASCQ recorded in the log entry; default MEDIUM ERROR, UNRECOVERED READ ERROR. */
  readonly sense?: SenseCode;
  /** ADDRESS OF FIRST FAILURE recorded; default none (all ones). */
  readonly lba?: number | bigint;
  /** The segment that failed (SELF-TEST NUMBER; results 5, 6, 7 for segment 1, 2, later); default 1. */
  readonly segment?: number;
  /** How many tests it fails before it retires; default unlimited. */
  readonly times?: number;
}

/** What the injector decided for one command. */
export type FaultAction =
  | {
      /** No rule matched: handle the command normally. */
      readonly kind: 'none';
    }
  | {
      /** Answer with `response` after `delayMs`. */
      readonly kind: 'respond';
      /** The answer. */
      readonly response: ScsiResponse;
      /** Milliseconds to wait first. */
      readonly delayMs: number;
    }
  | {
      /** Wait `delayMs`, then handle the command normally. */
      readonly kind: 'delay';
      /** Milliseconds to wait. */
      readonly delayMs: number;
    }
  | {
      /** Never answer. */
      readonly kind: 'drop';
    };

/** A rule added with {@link FaultInjector.add}. */
export interface FaultHandle {
  /** Commands the rule has been applied to. */
  readonly hits: number;
  /** Removes the rule. */
  remove(): void;
}

interface ActiveRule {
  rule: FaultRule;
  hits: number;
  left: number;
}

/** Opcodes a unit attention does not fail (SPC-6 5.14: INQUIRY, REPORT LUNS, REQUEST SENSE). */
const UA_EXEMPT = new Set([0x12, 0xa0, 0x03]);

/** The fault rules and pending unit attentions of one device. */
export class FaultInjector {
  readonly #rules: ActiveRule[] = [];
  readonly #attentions: SenseCode[] = [];
  readonly #selfTestFailures: { rule: SelfTestFailureRule; hits: number; left: number }[] = [];

  /** Adds a rule; the handle removes it and counts its hits. */
  add(rule: FaultRule): FaultHandle {
    const active: ActiveRule = { rule, hits: 0, left: rule.times ?? Infinity };
    this.#rules.push(active);
    return {
      get hits() {
        return active.hits;
      },
      remove: () => {
        const i = this.#rules.indexOf(active);
        if (i >= 0) this.#rules.splice(i, 1);
      },
    };
  }

  /**
   * Makes self-tests fail: the next test whose code the rule names runs its
   * whole duration, then fails (a foreground or default test with HARDWARE
   * ERROR, LOGICAL UNIT FAILED SELF-TEST; every logged test with the rule's
   * result in the Self-Test Results log page).
   */
  selfTestFailure(rule: SelfTestFailureRule = {}): FaultHandle {
    if (rule.segment !== undefined && !(Number.isInteger(rule.segment) && rule.segment >= 1 && rule.segment <= 0xff)) throw new RangeError(`selfTestFailure(): segment must be 1..255, got ${rule.segment}`);
    const active = { rule, hits: 0, left: rule.times ?? Infinity };
    this.#selfTestFailures.push(active);
    return {
      get hits() {
        return active.hits;
      },
      remove: () => {
        const i = this.#selfTestFailures.indexOf(active);
        if (i >= 0) this.#selfTestFailures.splice(i, 1);
      },
    };
  }

  /** The failure rule that applies to a self-test with `code` (0: the default test), counted as a hit; undefined when it is to pass. */
  decideSelfTest(code: number): SelfTestFailureRule | undefined {
    for (const active of this.#selfTestFailures) {
      if (active.left <= 0 || (active.rule.codes && !active.rule.codes.includes(code))) continue;
      active.hits++;
      active.left--;
      return active.rule;
    }
    return undefined;
  }

  /** Queues a unit attention: the next command (except INQUIRY, REPORT LUNS, REQUEST SENSE) gets it. */
  unitAttention(code: SenseCode = Sense.POWER_ON_RESET): void {
    this.#attentions.push(code);
  }

  /** Removes every rule, self-test failure and pending unit attention. */
  clear(): void {
    this.#rules.length = 0;
    this.#attentions.length = 0;
    this.#selfTestFailures.length = 0;
  }

  /** Decides what happens to `request`. */
  decide(request: ScsiRequest): FaultAction {
    if (this.#attentions.length > 0 && !UA_EXEMPT.has(request.opcode)) {
      return { kind: 'respond', response: checkCondition(this.#attentions.shift()!), delayMs: 0 };
    }
    for (const active of this.#rules) {
      const { rule } = active;
      if (active.left <= 0) continue;
      if (rule.commands && !rule.commands.some((c) => (typeof c === 'number' ? c === request.opcode : c === request.definition?.id))) continue;
      let failing: number | undefined;
      if (rule.lbas) {
        const range = blockRangeOf(request);
        if (!range) continue;
        const first = rule.lbas.first;
        const end = first + (rule.lbas.count ?? 1);
        const blocks = Math.max(range.blocks, 1);
        if (range.lba >= end || range.lba + blocks <= first) continue;
        failing = Math.max(first, range.lba);
      }
      active.hits++;
      active.left--;
      const delayMs = rule.delayMs ?? 0;
      if (rule.drop) return { kind: 'drop' };
      if (rule.sense) return { kind: 'respond', response: checkCondition(rule.sense, failing), delayMs };
      if (rule.status !== undefined) return { kind: 'respond', response: { status: rule.status }, delayMs };
      return { kind: 'delay', delayMs };
    }
    return { kind: 'none' };
  }
}
