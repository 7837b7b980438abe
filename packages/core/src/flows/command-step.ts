/**
 * Multi-step commands written once for both execution styles. A flow is a
 * generator that yields {@link CommandStep}s and receives their results;
 * {@link runFlowSync} drives it with `executeSync`, {@link runFlowAsync} with
 * `execute`. Errors of a step are thrown into the generator, so a flow can
 * catch them (for example to fall back from READ CAPACITY(16) to (10)).
 */
import type { CdbDefinition, FieldSpecs, FieldsInput } from '@sgio/struct';
import type { ExecuteOptions } from '../execute/options.js';
import type { CommandResult } from '../execute/result.js';

/**
 * What a data-returning flow gives back: the raw bytes the device sent, the
 * decoded value, and the result of the last command (status, timing, sense).
 */
export interface FlowResult<T> {
  /** The bytes the last command returned (the whole response after any re-ask). */
  readonly data: Uint8Array;
  /** `data` decoded. */
  readonly decoded: T;
  /** The last command's result. */
  readonly result: CommandResult;
}

/** What a step needs from a device: the two execute methods. */
export interface Executor {
  /** Asynchronous execution. */
  execute<F extends FieldSpecs>(definition: CdbDefinition<string, F>, fields?: FieldsInput<F>, options?: ExecuteOptions): Promise<CommandResult>;
  /** Synchronous execution. */
  executeSync<F extends FieldSpecs>(definition: CdbDefinition<string, F>, fields?: FieldsInput<F>, options?: ExecuteOptions): CommandResult;
}

/** One command of a flow, runnable either way. */
export interface CommandStep {
  /** Runs the command asynchronously. */
  readonly run: (device: Executor) => Promise<CommandResult>;
  /** Runs the command synchronously. */
  readonly runSync: (device: Executor) => CommandResult;
}

/** A flow: yields steps, receives their results, returns the decoded value. */
export type CommandFlow<T> = Generator<CommandStep, T, CommandResult>;

/** A step that runs `definition` with `fields` and `options`. */
export function step<F extends FieldSpecs>(definition: CdbDefinition<string, F>, fields: FieldsInput<F>, options: ExecuteOptions = {}): CommandStep {
  return {
    run: (device) => device.execute(definition, fields, options),
    runSync: (device) => device.executeSync(definition, fields, options),
  };
}

/** Drives `flow` with synchronous commands. */
export function runFlowSync<T>(device: Executor, flow: CommandFlow<T>): T {
  let next = flow.next();
  while (!next.done) {
    let result: CommandResult;
    try {
      result = next.value.runSync(device);
    } catch (e) {
      next = flow.throw(e);
      continue;
    }
    next = flow.next(result);
  }
  return next.value;
}

/** Options of {@link runFlowAsync}. */
export interface FlowRunOptions {
  /** Given to every command of the flow (see `ExecuteOptions.signal`): an abort ends the flow with a canceled error. */
  readonly signal?: AbortSignal;
}

/** Drives `flow` with asynchronous commands. */
export async function runFlowAsync<T>(device: Executor, flow: CommandFlow<T>, options: FlowRunOptions = {}): Promise<T> {
  const signal = options.signal;
  const executor: Executor = signal
    ? {
        execute: (definition, fields, opts) => device.execute(definition, fields, { ...opts, signal }),
        executeSync: (definition, fields, opts) => device.executeSync(definition, fields, { ...opts, signal }),
      }
    : device;
  let next = flow.next();
  while (!next.done) {
    let result: CommandResult;
    try {
      result = await next.value.run(executor);
    } catch (e) {
      // an abort ends the flow: no fallback step may run after it
      if (signal?.aborted) throw e;
      next = flow.throw(e);
      continue;
    }
    next = flow.next(result);
  }
  return next.value;
}
