/**
 * One background `poll()` for every sg fd of the process that waits for
 * completions. Each fd with commands outstanding (and none ready) asks to be
 * watched; a single call on the libc worker pool polls all of them, plus a
 * wake-up pipe that lets a newly interested fd (or a closing one) interrupt
 * the running call. So 16 lanes or 50 devices cost one worker thread, not
 * one each, and closing a device never waits for a poll slice to run out.
 *
 * Every watched fd gets exactly one callback per poll it took part in: with
 * its `revents`, or 0 when the poll returned for another reason (a slice
 * timeout or a wake-up), so its owner can check deadlines and ask again.
 */
import { LibcError, O_CLOEXEC, O_NONBLOCK, POLLERR, POLLIN, close, pipe, pollAsync, tryRead, tryWrite, type PollFd } from '@sgio/libc';

/** How long one poll waits before every watcher is called back anyway (ms). */
export const POLL_SLICE_MS = 100;

/** Something that waits for POLLIN on an fd. */
export interface PollClient {
  /** Called once after a poll that watched the fd, with its revents (0: nothing happened to it). */
  onPoll(revents: number): void;
}

/** The process-wide watcher of sg fds (see the module comment). */
export class Poller {
  private readonly interest = new Map<number, PollClient>();
  private running: Promise<void> | undefined;
  private polled: ReadonlySet<number> = new Set();
  private wakeRead = -1;
  private wakeWrite = -1;
  /** Set while watchers wait to be called back without a poll (see {@link want}). */
  private retry: NodeJS.Timeout | undefined;
  private readonly scratch = new Uint8Array(64);

  /**
   * Watches `fd` for the next completion; `client.onPoll` is called once.
   * Never throws: when no poll can start (no descriptor left for the wake
   * pipe: EMFILE, ENFILE), every watcher is called back with 0 after a
   * slice, as after a poll that saw nothing, and asks again.
   */
  want(fd: number, client: PollClient): void {
    this.interest.set(fd, client);
    if (!this.running) this.start();
    else if (!this.polled.has(fd)) this.wake();
  }

  /** Calls every watcher back with 0 after a slice, without a poll (see {@link want}). */
  private callBackLater(): void {
    if (this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (this.running) return; // a later want() started a poll: it calls them back
      const clients = [...this.interest.values()];
      this.interest.clear();
      for (const client of clients) {
        try {
          client.onPoll(0);
        } catch {
          // a client's failure must not stop the others
        }
      }
    }, POLL_SLICE_MS);
  }

  /** Stops watching `fd`; resolves once no running poll includes it (the fd may be closed then). */
  async remove(fd: number): Promise<void> {
    this.interest.delete(fd);
    while (this.running && this.polled.has(fd)) {
      this.wake();
      await this.running;
    }
  }

  /** Number of fds watched now (for tests). */
  get watching(): number {
    return this.interest.size;
  }

  /** Starts a poll of every watched fd, or, when the wake pipe cannot be made, calls them back later (see {@link want}). */
  private start(): void {
    if (this.wakeRead < 0) {
      try {
        [this.wakeRead, this.wakeWrite] = pipe(O_CLOEXEC | O_NONBLOCK);
      } catch {
        this.callBackLater();
        return;
      }
    }
    const fds: PollFd[] = [{ fd: this.wakeRead, events: POLLIN, revents: 0 }];
    for (const fd of this.interest.keys()) fds.push({ fd, events: POLLIN, revents: 0 });
    this.polled = new Set(this.interest.keys());
    this.running = this.run(fds);
  }

  private wake(): void {
    if (this.wakeWrite >= 0) tryWrite(this.wakeWrite, this.scratch, 1);
  }

  private async run(fds: PollFd[]): Promise<void> {
    let failed = false;
    try {
      await pollAsync(fds, POLL_SLICE_MS);
    } catch (e) {
      // shutdownAsync() rejected the poll: the pool went away, not the fds; watchers hear of a quiet slice and ask
      // again (a new pool starts), rather than of an error that would make their devices gone
      failed = !(e instanceof LibcError && e.code === 'ERR_ASYNC_SHUTDOWN');
    }
    this.running = undefined;
    this.polled = new Set();
    if (fds[0]!.revents) while (tryRead(this.wakeRead, this.scratch) > 0);
    for (let i = 1; i < fds.length; i++) {
      const { fd, revents } = fds[i]!;
      const client = this.interest.get(fd);
      if (!client) continue; // removed meanwhile
      this.interest.delete(fd);
      try {
        client.onPoll(failed ? POLLERR : (revents ?? 0));
      } catch {
        // a client's failure must not stop the others
      }
    }
    if (this.interest.size > 0) {
      if (!this.running) this.start();
    } else if (!this.running) this.closeWakePipe();
  }

  private closeWakePipe(): void {
    if (this.wakeRead < 0) return;
    close(this.wakeRead);
    close(this.wakeWrite);
    this.wakeRead = this.wakeWrite = -1;
  }
}

/** The poller every {@link AsyncQueue} of the process shares. */
export const poller = new Poller();
