/**
 * A JSON body declared larger than its route's limit is answered 413 before
 * fastify's parser sees it, on a connection that stays open while the rest
 * of the body is read and discarded.
 *
 * Why: fastify's parser answers the same 413 but closes the connection with
 * the body unread. Closing a TCP socket with unread data makes the kernel
 * reset the connection, so a client still sending its body (a slow machine,
 * a large body) gets EPIPE or ECONNRESET instead of the answer: in the lab's
 * one-CPU guest, `fetch` of a 2.2 MB body to `/commands` failed with EPIPE.
 * Node's server reads and drops an unconsumed request body after the
 * response when the connection is kept alive, which is what happens here.
 *
 * Up to {@link LINGER_MAX_BYTES} only: a client declaring more gets the 413
 * with `Connection: close` at once (as from fastify), so nobody makes sgiod
 * read gigabytes it will not use. Streamed bodies (`application/octet-stream`
 * block writes) check their own length and are not touched.
 */
import { errorCodes, type FastifyInstance } from 'fastify';

/** The largest declared body that is read and discarded after its 413 instead of closing the connection (bytes). */
export const LINGER_MAX_BYTES = 16 * 1024 * 1024;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** Installs the early 413 (see the module comment). */
export function installOversizedBodyAnswer(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    const declared = request.headers['content-length'];
    const limit = request.routeOptions.bodyLimit;
    if (declared === undefined || limit === undefined || !JSON_TYPE.test(request.headers['content-type'] ?? '')) return done();
    const length = Number(declared);
    if (!(length > limit)) return done();
    if (length > LINGER_MAX_BYTES) reply.header('connection', 'close');
    done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
  });
}
