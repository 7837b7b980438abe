import { describe, expect, it } from 'vitest';
import { INLINE_PROBE_COMMANDS, InlineProbe } from './inline-probe.js';

describe('InlineProbe', () => {
  it('says inline only after every one of the first commands was answered inside its submit', () => {
    const probe = new InlineProbe(true);
    for (let i = 0; i < INLINE_PROBE_COMMANDS - 1; i++) probe.observe(0);
    expect(probe.verdict).toBe('probing');
    expect(probe.probing).toBe(true);
    probe.observe(0);
    expect(probe.verdict).toBe('inline');
    expect(probe.probing).toBe(false);
    probe.observe(3); // decided: later observations change nothing
    expect(probe.verdict).toBe('inline');
  });
  it('keeps queueing for good once one command was still in flight after its submit', () => {
    const probe = new InlineProbe(true);
    for (let i = 0; i < 10; i++) probe.observe(0);
    probe.observe(1);
    expect(probe.verdict).toBe('queued');
    for (let i = 0; i < 2 * INLINE_PROBE_COMMANDS; i++) probe.observe(0);
    expect(probe.verdict).toBe('queued');
  });
  it('never switches when disabled (--always-queue)', () => {
    const probe = new InlineProbe(false);
    for (let i = 0; i < 2 * INLINE_PROBE_COMMANDS; i++) probe.observe(0);
    expect(probe.verdict).toBe('queued');
    expect(probe.probing).toBe(false);
  });
});
