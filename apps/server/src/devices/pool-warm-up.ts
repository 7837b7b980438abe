/**
 * When sgiod starts the first thread of core's worker pool.
 *
 * Device requests need that thread: read-only sg lanes run each command's
 * SG_IO on it, and every kind of lane (the sg queue, bsg over io_uring)
 * waits on it, through the shared poller, for a command that does not
 * complete at once. Starting it is a whole Node.js isolate plus koffi:
 * about 20 ms of CPU on a host, 80 ms in the lab's one-CPU guest. Started
 * ahead, a device request that comes later does not wait for it. But the
 * thread takes CPU while it starts:
 *
 * - With a second CPU it starts beside the rest of sgiod's start-up, so it
 *   starts at once.
 * - With one CPU, starting it at once delayed listening, and starting it as
 *   sgiod listened delayed the first answer: a first `GET /healthz` took
 *   30-40 ms in the lab instead of 16 ms, and a first device request gained
 *   nothing, since it waited for the thread either way. So on one CPU it
 *   starts once the first response has gone out, or after {@link IDLE_WARM_UP_MS}
 *   without a request, whichever comes first. A first request that needs a
 *   device starts the thread itself.
 */
import type { EventEmitter } from 'node:events';

/** Milliseconds after listening with no request before a one-CPU sgiod starts the thread anyway. */
export const IDLE_WARM_UP_MS = 1_000;

/** What {@link scheduleWarmUp} needs. */
export interface WarmUpPlan {
  /** CPUs the process may use (`os.availableParallelism()`). */
  readonly cpus: number;
  /** Starts the thread; called at most once. */
  readonly warmUp: () => void;
}

/** The second half of a plan: called once the HTTP server listens. */
export type AfterListen = (server: EventEmitter) => void;

/**
 * Starts the thread now when there is a second CPU; otherwise returns what
 * to call once the server listens (see the module comment).
 */
export function scheduleWarmUp(plan: WarmUpPlan): AfterListen {
  let done = false;
  const warmUp = (): void => {
    if (done) return;
    done = true;
    plan.warmUp();
  };
  if (plan.cpus > 1) {
    warmUp();
    return () => {};
  }
  return (server) => {
    if (done) return;
    const idle = setTimeout(warmUp, IDLE_WARM_UP_MS);
    idle.unref();
    server.once('request', (_req: unknown, res: EventEmitter) => {
      clearTimeout(idle);
      // 'close' comes once the response has been handed to the kernel (or the client went away)
      res.once('close', warmUp);
    });
  };
}
