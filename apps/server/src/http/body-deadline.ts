/**
 * A request body read against a deadline. Node's own request timeout only
 * closes the connection, so a block write cut by it could not say how much
 * it wrote; reading the body through {@link bodyWithin} instead makes the
 * deadline an error the route can answer with.
 */

/**
 * Yields the chunks of `body` until it ends, or throws `expired()` once
 * `deadline` (a `performance.now()` time) passes without the body having
 * ended. The body is left as it is (not destroyed): the route still
 * answers on its connection, then closes it.
 */
export async function* bodyWithin(body: AsyncIterable<Uint8Array>, deadline: number, expired: () => Error): AsyncGenerator<Uint8Array> {
  const chunks = body[Symbol.asyncIterator]();
  for (;;) {
    const next = chunks.next();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(expired()), Math.max(0, deadline - performance.now()));
    });
    let step: IteratorResult<Uint8Array>;
    try {
      step = await Promise.race([next, late]);
    } catch (e) {
      // the read still pending fails when the connection closes: nobody waits for it any more
      next.catch(() => undefined);
      throw e;
    } finally {
      clearTimeout(timer);
    }
    if (step.done) return;
    yield step.value;
  }
}
