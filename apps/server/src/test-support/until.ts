/** Waiting in tests for a condition that another process or the event loop makes true. */

/** Resolves once `test()` holds, checking every `pollMs`; throws naming `what` after `timeoutMs`. */
export async function until(what: string, test: () => boolean, timeoutMs = 5000, pollMs = 10): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!test()) {
    if (performance.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
