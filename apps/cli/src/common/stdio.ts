/**
 * Writing to stdout and stderr without Node's stream objects.
 *
 * `process.stdout` and `process.stderr` are made on first use: a net.Socket
 * for a pipe, a tty.WriteStream for a terminal, each loading its modules.
 * In the lab's guest that costs 5–11 ms of a 150 ms process, more than the
 * work of `sgio inq`. The CLI writes whole outputs instead, synchronously, to
 * fds 1 and 2: what Node does itself for files, terminals and pipes on Linux,
 * so the order of lines is the same.
 *
 * Two cases keep the old behaviour: a write that would block (stdout
 * inherited non-blocking from a parent) hands the rest, and everything after
 * it, to the stream, which waits; and a closed pipe (`sgio ... | head`)
 * ends the process quietly with its exit status so far.
 */
import { writeSync } from 'node:fs';

/** Where output goes: {@link stdout} and {@link stderr} (tests spy on `write`). */
export interface OutputWriter {
  /** Writes all of `data` (a string as UTF-8). */
  write(data: string | Uint8Array): void;
}

/** The part of a stream this module uses when a write would block. */
interface FallbackStream {
  write(data: Uint8Array): unknown;
}

/**
 * Writes all of `data` to `fd`; on EAGAIN the unwritten rest goes to
 * `fallback()` and the result is false (the caller then sends everything
 * after it there too, to keep the order).
 * @throws the write's error, except EAGAIN (EPIPE included: the caller decides)
 */
export function writeAllSync(fd: number, data: string | Uint8Array, fallback: () => FallbackStream): boolean {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      fallback().write(bytes.subarray(offset));
      return false;
    }
  }
  return true;
}

/** `sgio ... | head` closed the pipe: not an error worth a stack trace (as sg3_utils, which die by SIGPIPE). */
function closedEarly(e: unknown): never {
  if ((e as NodeJS.ErrnoException).code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
}

/** The stream of fd 1 or 2, with the quiet end on EPIPE (made on first use only). */
function streamOf(fd: 1 | 2): NodeJS.WriteStream {
  const stream = fd === 1 ? process.stdout : process.stderr;
  if (stream.listenerCount('error') === 0) stream.on('error', closedEarly);
  return stream;
}

/** A writer of fd 1 or 2: synchronous writes until one would block, the stream after that. */
function writerOf(fd: 1 | 2): OutputWriter {
  let streamed = false;
  const fallback = (): FallbackStream => streamOf(fd);
  return {
    write(data) {
      if (streamed) {
        streamOf(fd).write(data);
        return;
      }
      try {
        streamed = !writeAllSync(fd, data, fallback);
      } catch (e) {
        closedEarly(e);
      }
    },
  };
}

/** Standard output (see the module comment). */
export const stdout: OutputWriter = writerOf(1);

/** Standard error (see the module comment). */
export const stderr: OutputWriter = writerOf(2);

/**
 * process.stderr for what needs a real stream (a progress bar, a line that
 * waits on a terminal), with the same quiet end on EPIPE.
 */
export function stderrStream(): NodeJS.WriteStream {
  return streamOf(2);
}
