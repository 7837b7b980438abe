/**
 * `--verify` against a file or block device: instead of writing, read the
 * same range of the output and compare it with the input's data.
 */
import { CliError } from '../cli-error.js';
import { ExitCode } from '../exit-codes.js';
import type { DdSink, Transfer } from './endpoint.js';
import type { FileEndpoint } from './file-endpoint.js';

/** A miscompare found by {@link CompareSink} (exit status 14, like a VERIFY MISCOMPARE). */
export class MiscompareError extends CliError {
  constructor(
    path: string,
    /** Byte offset of the first difference in the output. */
    readonly offset: number,
    blockSize: number,
  ) {
    super(`miscompare: ${path} differs from the input at byte ${offset} (block ${Math.floor(offset / blockSize)})`, ExitCode.MISCOMPARE);
    this.name = 'MiscompareError';
  }
}

/** Compares each transfer with what the wrapped file holds at the same place. */
export class CompareSink implements DdSink {
  readonly blockSize = undefined;
  readonly #scratch: Uint8Array[] = [];

  constructor(
    private readonly target: FileEndpoint,
    private readonly blockSizeOfCopy: () => number,
  ) {}

  get kind(): FileEndpoint['kind'] {
    return this.target.kind;
  }
  get path(): string {
    return this.target.path;
  }
  get sizeBytes(): number | undefined {
    return this.target.sizeBytes;
  }
  get seekable(): boolean {
    return this.target.seekable;
  }

  buffer(): undefined {
    return undefined;
  }

  async write(t: Transfer, data: Uint8Array): Promise<void> {
    const scratch = (this.#scratch[t.slot] ??= new Uint8Array(data.length));
    const into = scratch.length >= data.length ? scratch : (this.#scratch[t.slot] = new Uint8Array(data.length));
    const held = await this.target.read(t, into);
    const bs = this.blockSizeOfCopy();
    const n = Math.min(held.length, data.length);
    for (let i = 0; i < n; i++) {
      if (held[i] !== data[i]) throw new MiscompareError(this.path, t.lba * bs + i, bs);
    }
    if (held.length < data.length) throw new MiscompareError(this.path, t.lba * bs + held.length, bs);
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return this.target.close();
  }
}
