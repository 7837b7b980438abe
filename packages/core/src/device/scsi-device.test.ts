/**
 * ScsiDevice over a scripted transport: what the device adds to any
 * transport (retries with the transport's results, throwOnError, the
 * closed state, close ordering) without a kernel.
 */
import { testUnitReady } from '@sgio/struct';
import { describe, expect, it } from 'vitest';
import { DeviceClosedError } from '../errors/sgio-error.js';
import { CheckConditionError } from '../errors/scsi-errors.js';
import { buildResult } from '../execute/build-result.js';
import type { PreparedCommand } from '../execute/prepare.js';
import type { CommandResult } from '../execute/result.js';
import type { ScsiTransport, TransportCapabilities } from '../transport/scsi-transport.js';
import { ScsiDevice } from './scsi-device.js';

/** A completion with CHECK CONDITION and the given sense key / ASC, or GOOD. */
function completionOf(command: PreparedCommand, senseKey: number | undefined, asc = 0): CommandResult {
  const sense = new Uint8Array(252);
  if (senseKey !== undefined) {
    sense.set([0x70, 0, senseKey, 0, 0, 0, 0, 10, 0, 0, 0, 0, asc, 0]);
  }
  const n = senseKey === undefined ? 0 : 18;
  const completion = { status: n ? 2 : 0, maskedStatus: 0, msgStatus: 0, sbLenWr: n, hostStatus: 0, driverStatus: n ? 0x08 : 0, resid: 0, duration: 0, info: 0, packId: 0, usrPtr: 0 };
  return buildResult(command, completion, sense, undefined, undefined, undefined);
}

/** Answers each submission with the next scripted sense key (undefined: GOOD). */
class ScriptedTransport implements ScsiTransport {
  readonly capabilities: TransportCapabilities = { kind: 'bsg', queueDepth: 1, mmap: false, directIo: false, readOnly: false, abortWhileQueued: false };
  readonly gone = undefined;
  readonly log: string[] = [];
  constructor(private readonly script: (number | undefined)[]) {}
  #next(command: PreparedCommand): CommandResult {
    this.log.push(`submit ${command.name}`);
    return completionOf(command, this.script.shift());
  }
  submit(command: PreparedCommand): Promise<CommandResult> {
    return Promise.resolve(this.#next(command));
  }
  submitSync(command: PreparedCommand): CommandResult {
    return this.#next(command);
  }
  close(): Promise<void> {
    this.log.push('close');
    return Promise.resolve();
  }
}

class TestDevice extends ScsiDevice {
  constructor(transport: ScsiTransport) {
    super('/dev/test', -1, false, transport);
  }
  protected override releaseResources(): void {
    (this.transport as ScriptedTransport).log.push('release');
  }
  protected override newPreparedRequest(): never {
    throw new Error('the scripted transport has no prepared requests');
  }
}

describe('ScsiDevice over a transport', () => {
  it('retries a UNIT ATTENTION through the transport, async and sync', async () => {
    const t = new ScriptedTransport([6, undefined, 6, undefined]);
    const dev = new TestDevice(t);
    const r = await dev.execute(testUnitReady);
    expect(r.ok).toBe(true);
    expect(r.retries).toHaveLength(1);
    expect(dev.executeSync(testUnitReady).retries).toHaveLength(1);
    expect(t.log.filter((l) => l.startsWith('submit'))).toHaveLength(4);
  });

  it('throws the typed error, or returns the result with throwOnError: false', async () => {
    const dev = new TestDevice(new ScriptedTransport([5, 5]));
    await expect(dev.execute(testUnitReady, {}, { retry: false })).rejects.toBeInstanceOf(CheckConditionError);
    const r = dev.executeSync(testUnitReady, {}, { throwOnError: false });
    expect(r.ok).toBe(false);
  });

  it('closes the transport, then releases, then refuses commands', async () => {
    const t = new ScriptedTransport([]);
    const dev = new TestDevice(t);
    const closing = dev.close();
    expect(dev.closed).toBe(true);
    expect(dev.close()).toBe(closing);
    await closing;
    expect(t.log).toEqual(['close', 'release']);
    expect(() => dev.executeSync(testUnitReady)).toThrow(DeviceClosedError);
    await expect(dev.execute(testUnitReady)).rejects.toBeInstanceOf(DeviceClosedError);
  });

  it('reports every attempt to onCommand listeners, failed ones included, until removed', async () => {
    const dev = new TestDevice(new ScriptedTransport([6, undefined, 5, undefined]));
    const seen: string[] = [];
    const remove = dev.addCommandListener((e) => seen.push(`${e.name} ${e.status} ${e.outcome.category} ${e.cdb.length}`));
    dev.addCommandListener(() => {
      throw new Error('a broken listener does not fail the command');
    });
    await dev.execute(testUnitReady);
    expect(() => dev.executeSync(testUnitReady, {}, { retry: false })).toThrow(CheckConditionError);
    expect(seen).toHaveLength(3);
    expect(seen[0]).toMatch(/^TEST UNIT READY 2 /);
    expect(seen[1]).toMatch(/^TEST UNIT READY 0 \S+ 6$/);
    remove();
    await dev.execute(testUnitReady);
    expect(seen).toHaveLength(3);
  });

  it("gives listeners each attempt's wall-clock time, finer than the driver's whole milliseconds", async () => {
    class SlowTransport extends ScriptedTransport {
      override submit(command: PreparedCommand): Promise<CommandResult> {
        return new Promise((resolve) => setTimeout(() => resolve(super.submitSync(command)), 30));
      }
      override submitSync(command: PreparedCommand): CommandResult {
        const until = performance.now() + 3.5;
        while (performance.now() < until) {
          // the command takes 3.5 ms
        }
        return super.submitSync(command);
      }
    }
    const dev = new TestDevice(new SlowTransport([undefined, undefined]));
    const seen: { durationMs: number; elapsedMs: number }[] = [];
    dev.addCommandListener((e) => seen.push({ durationMs: e.durationMs, elapsedMs: e.elapsedMs }));
    await dev.execute(testUnitReady);
    dev.executeSync(testUnitReady);
    expect(seen.map((e) => e.durationMs)).toEqual([0, 0]); // the scripted driver says 0 ms, as sg does for a fast command
    expect(seen[0]!.elapsedMs).toBeGreaterThanOrEqual(29);
    expect(seen[1]!.elapsedMs).toBeGreaterThanOrEqual(3.5);
    expect(seen[1]!.elapsedMs % 1).not.toBe(0); // not whole milliseconds
  });
});
