/**
 * Splits a guest console stream into the boot noise before a start marker
 * (kept, shown only when something fails), the command's own output between
 * the markers (forwarded live), and the power-off noise after the end marker
 * (dropped).
 */
export class MarkedStream {
  private state: 'boot' | 'live' | 'done' = 'boot';
  /** The start marker's line ending (\n or \r\n) may still be ahead. */
  private lineEnd = false;
  private pending: Buffer = Buffer.alloc(0);
  private readonly bootChunks: Buffer[] = [];
  private bootBytes = 0;
  private readonly start: Buffer;
  private readonly end: Buffer;

  /**
   * @param forward receives the command's output
   * @param start marker line that opens the command's output
   * @param end marker line that closes it
   * @param bootLimit bytes of boot log to keep
   */
  constructor(
    private readonly forward: (chunk: Buffer) => void,
    start: string,
    end: string,
    private readonly bootLimit = 256 * 1024,
  ) {
    // the markers end their line with \n, or \r\n on a terminal that translates newlines
    this.start = Buffer.from(start);
    this.end = Buffer.from(end);
  }

  /** True once the start marker has been seen. */
  get started(): boolean {
    return this.state !== 'boot';
  }

  /** True once the end marker has been seen. */
  get ended(): boolean {
    return this.state === 'done';
  }

  /** The boot log kept so far (before the start marker). */
  bootLog(): string {
    return Buffer.concat(this.bootChunks).toString('utf8');
  }

  /** Feeds a chunk read from the console. */
  write(chunk: Buffer): void {
    if (this.state === 'done') return;
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    if (this.state === 'boot') {
      const at = this.pending.indexOf(this.start);
      if (at < 0) {
        const keep = heldPrefix(this.pending, this.start);
        if (this.pending.length > keep) {
          this.keepBoot(this.pending.subarray(0, this.pending.length - keep));
          this.pending = this.pending.subarray(this.pending.length - keep);
        }
        return;
      }
      this.keepBoot(this.pending.subarray(0, at));
      this.pending = this.pending.subarray(at + this.start.length);
      this.state = 'live';
      this.lineEnd = true;
    }
    if (this.lineEnd) {
      while (this.lineEnd && this.pending.length > 0) {
        const c = this.pending[0];
        if (c !== 0x0d && c !== 0x0a) this.lineEnd = false;
        else {
          this.pending = this.pending.subarray(1);
          if (c === 0x0a) this.lineEnd = false;
        }
      }
      if (this.pending.length === 0) return;
    }
    const at = this.pending.indexOf(this.end);
    if (at >= 0) {
      if (at > 0) this.forward(this.pending.subarray(0, at));
      this.pending = Buffer.alloc(0);
      this.state = 'done';
      return;
    }
    const hold = heldPrefix(this.pending, this.end);
    if (this.pending.length > hold) {
      this.forward(this.pending.subarray(0, this.pending.length - hold));
      this.pending = this.pending.subarray(this.pending.length - hold);
    }
  }

  /** Flushes what is held back (the stream closed without an end marker). */
  flush(): void {
    if (this.state === 'live' && this.pending.length) this.forward(this.pending);
    if (this.state === 'boot' && this.pending.length) this.keepBoot(this.pending);
    this.pending = Buffer.alloc(0);
  }

  private keepBoot(chunk: Buffer): void {
    if (this.bootBytes >= this.bootLimit || chunk.length === 0) return;
    const part = chunk.subarray(0, this.bootLimit - this.bootBytes);
    this.bootChunks.push(Buffer.from(part));
    this.bootBytes += part.length;
  }
}

/**
 * Length of the longest tail of `data` that is a proper prefix of `marker`:
 * the bytes that must wait for the next chunk before they can be passed on.
 */
function heldPrefix(data: Buffer, marker: Buffer): number {
  for (let k = Math.min(marker.length - 1, data.length); k > 0; k--) {
    if (data.subarray(data.length - k).equals(marker.subarray(0, k))) return k;
  }
  return 0;
}

