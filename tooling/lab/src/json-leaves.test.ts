import { describe, expect, it } from 'vitest';
import { SMARTCTL_METADATA, jsonLeaves } from './json-leaves.js';

describe('jsonLeaves', () => {
  it('gives dotted leaf paths, keeps arrays whole, and leaves out the skipped top-level keys only', () => {
    const doc = { smartctl: { version: [7, 3] }, user_capacity: { blocks: 8, bytes: 4096 }, list: [1, { a: 2 }], local_time: { time_t: 1 }, nested: { smartctl: 1 }, none: null };
    expect([...jsonLeaves(doc, SMARTCTL_METADATA)]).toEqual([
      ['user_capacity.blocks', 8],
      ['user_capacity.bytes', 4096],
      ['list', [1, { a: 2 }]],
      ['nested.smartctl', 1],
      ['none', null],
    ]);
  });
});
