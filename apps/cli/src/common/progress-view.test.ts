import { describe, expect, it } from 'vitest';
import { progressView } from './progress-view.js';

/** A stderr stand-in that is not a terminal and keeps what was written. */
function pipe(): NodeJS.WriteStream & { text: string[] } {
  const text: string[] = [];
  return { isTTY: false, text, write: (s: string) => text.push(s) > 0 } as unknown as NodeJS.WriteStream & { text: string[] };
}

describe('progressView off a terminal', () => {
  it('prints a line at most every interval; with firstLineAtOnce the first update prints at once', () => {
    const out = pipe();
    const view = progressView<number>({ format: '', total: 100, bar: (n) => [n], line: (n) => `at ${n}`, firstLineAtOnce: true }, out);
    view.update(1);
    view.update(2); // within the interval: dropped
    view.stop();
    expect(out.text).toEqual(['at 1\n']);
  });

  it('without firstLineAtOnce the first line waits one interval (short work prints nothing)', () => {
    const out = pipe();
    const view = progressView<number>({ format: '', total: 0, bar: (n) => [n], line: (n) => `at ${n}` }, out);
    view.update(1);
    expect(out.text).toEqual([]);
  });

  it('prints nothing when the caller gives no line', () => {
    const out = pipe();
    const view = progressView<number>({ format: '', total: 3, bar: (n) => [n] }, out);
    view.update(1);
    view.stop();
    expect(out.text).toEqual([]);
  });
});
