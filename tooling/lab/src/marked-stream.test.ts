import { describe, expect, it } from 'vitest';
import { MarkedStream } from './marked-stream.js';

function feed(chunks: string[]): { out: string; boot: string; stream: MarkedStream } {
  let out = '';
  const stream = new MarkedStream((c) => (out += c.toString()), '@@S@@', '@@E@@');
  for (const c of chunks) stream.write(Buffer.from(c));
  stream.flush();
  return { out, boot: stream.bootLog(), stream };
}

describe('MarkedStream', () => {
  it('forwards only what lies between the markers', () => {
    const r = feed(['boot noise\n@@S@@\nhello\nworld\n@@E@@\npower off\n']);
    expect(r.out).toBe('hello\nworld\n');
    expect(r.boot).toBe('boot noise\n');
    expect(r.stream.ended).toBe(true);
  });

  it('finds markers split across chunks, byte by byte', () => {
    const text = 'x\n@@S@@\nabc @@ def\n@@E@@\nzzz';
    const r = feed([...text]);
    expect(r.out).toBe('abc @@ def\n');
  });

  it('does not hold back output that cannot start a marker', () => {
    let out = '';
    const s = new MarkedStream((c) => (out += c.toString()), '@@S@@', '@@E@@');
    s.write(Buffer.from('@@S@@\nprogress 50%'));
    expect(out).toBe('progress 50%');
    s.write(Buffer.from('\n@'));
    expect(out).toBe('progress 50%\n');
  });

  it('keeps the boot log when no start marker arrives', () => {
    const r = feed(['kernel panic\n']);
    expect(r.stream.started).toBe(false);
    expect(r.boot).toBe('kernel panic\n');
    expect(r.out).toBe('');
  });
});
