import { addressOf } from '@sgio/libc';
import { SG_DXFER_FROM_DEV, SG_IO_HDR_SIZE, SG_IOVEC_SIZE, SG_IO_V4_SIZE, decodeSgIoHdr, decodeSgIovec, encodeSgIoHdr, encodeSgIoV4, read10 } from '@sgio/struct';
import { describe, expect, it } from 'vitest';
import { GcWatch, collectGarbage } from '../test-support/gc-watch.js';
import { retainedBy } from './retained.js';
import { SgIoHeader } from './sg-io-header.js';
import { SgIoV4Header } from './sg-io-v4-header.js';

/** A header built the way the bench's raw case used to: from bare addresses, buffers dropped. */
function bareHeader(watch: GcWatch): Uint8Array {
  const header = new Uint8Array(SG_IO_HDR_SIZE);
  const cdb = watch.watch(read10.encode({ lba: 0, transferLength: 1 }), 'cdb');
  const sense = watch.watch(new Uint8Array(32), 'sense');
  encodeSgIoHdr(header, 0, { dxferDirection: SG_DXFER_FROM_DEV, cmdLen: 10, mxSbLen: 32, cmdp: addressOf(cdb), sbp: addressOf(sense) });
  return header;
}

/** struct caches the DataView of the last buffer it encoded: point that cache elsewhere before checking collection. */
function touchAnotherHeader(): void {
  encodeSgIoHdr(new Uint8Array(SG_IO_HDR_SIZE), 0, { dxferDirection: SG_DXFER_FROM_DEV, cmdLen: 6, cmdp: 0 });
  encodeSgIoV4(new Uint8Array(SG_IO_V4_SIZE), 0, { requestLen: 6, request: 0 });
}

function safeHeaderBytes(watch: GcWatch): Uint8Array {
  const header = new SgIoHeader({
    dxferDirection: SG_DXFER_FROM_DEV,
    cdb: watch.watch(read10.encode({ lba: 0, transferLength: 1 }), 'cdb'),
    sense: watch.watch(new Uint8Array(32), 'sense'),
    data: watch.watch(new Uint8Array(512), 'data'),
  });
  watch.watch(header, 'header');
  return header.bytes; // only the bytes survive this function
}

describe('SgIoHeader', () => {
  it('encodes the buffers it is given: addresses, lengths, direction', () => {
    const cdb = read10.encode({ lba: 7, transferLength: 1 });
    const sense = new Uint8Array(32);
    const data = new Uint8Array(512);
    const h = new SgIoHeader({ dxferDirection: SG_DXFER_FROM_DEV, cdb, sense, data, timeout: 1234, packId: 9 });
    const d = decodeSgIoHdr(h.bytes);
    expect(d).toMatchObject({ interfaceId: 0x53, dxferDirection: SG_DXFER_FROM_DEV, cmdLen: 10, mxSbLen: 32, dxferLen: 512, timeout: 1234, packId: 9, iovecCount: 0 });
    expect(d.cmdp).toBe(addressOf(cdb));
    expect(d.sbp).toBe(addressOf(sense));
    expect(d.dxferp).toBe(addressOf(data));
    expect(h.cdb).toBe(cdb);
  });

  it('builds and keeps an sg_iovec list for several data buffers', () => {
    const a = new Uint8Array(512);
    const b = new Uint8Array(1024);
    const h = new SgIoHeader({ dxferDirection: SG_DXFER_FROM_DEV, cdb: read10.encode({ transferLength: 3 }), data: [a, b] });
    const d = decodeSgIoHdr(h.bytes);
    expect(d.iovecCount).toBe(2);
    expect(d.dxferLen).toBe(1536);
    const table = retainedBy(h.bytes).find((o) => o instanceof Uint8Array && o.length === 2 * SG_IOVEC_SIZE) as Uint8Array;
    expect(addressOf(table)).toBe(d.dxferp);
    expect(decodeSgIovec(table, 0)).toEqual({ iovBase: addressOf(a), iovLen: 512n });
    expect(decodeSgIovec(table, SG_IOVEC_SIZE)).toEqual({ iovBase: addressOf(b), iovLen: 1024n });
  });

  it('refuses a CDB or sense buffer the header cannot describe', () => {
    expect(() => new SgIoHeader({ dxferDirection: SG_DXFER_FROM_DEV, cdb: new Uint8Array(0) })).toThrow(/cdb must be/);
    expect(() => new SgIoHeader({ dxferDirection: SG_DXFER_FROM_DEV, cdb: new Uint8Array(6), sense: new Uint8Array(256) })).toThrow(/at most 255/);
  });

  it('the watch sees collection: buffers known only by address are freed (the bench raw-async bug)', async () => {
    const watch = new GcWatch();
    const header = bareHeader(watch);
    await collectGarbage();
    expect(header.length).toBe(SG_IO_HDR_SIZE);
    expect(watch.collected).toEqual(['cdb', 'sense']);
  });

  it('keeps CDB, sense and data reachable while only its bytes are held, and lets them go after', async () => {
    const watch = new GcWatch();
    let bytes: Uint8Array | undefined = safeHeaderBytes(watch);
    await collectGarbage();
    expect(watch.collected).toEqual([]);
    expect(bytes.length).toBe(SG_IO_HDR_SIZE);
    bytes = undefined;
    touchAnotherHeader();
    await collectGarbage();
    expect(watch.collected).toEqual(['cdb', 'data', 'header', 'sense']);
  });

  it('update() swaps what is kept: the old buffers may go, the new ones stay', async () => {
    const watch = new GcWatch();
    const h = new SgIoHeader({ dxferDirection: SG_DXFER_FROM_DEV, cdb: watch.watch(new Uint8Array(10), 'old-cdb') });
    h.update({ dxferDirection: SG_DXFER_FROM_DEV, cdb: watch.watch(new Uint8Array(10), 'new-cdb') });
    await collectGarbage();
    expect(watch.collected).toEqual(['old-cdb']);
    expect(decodeSgIoHdr(h.bytes).cmdp).toBe(addressOf(h.cdb));
  });
});

describe('SgIoV4Header', () => {
  it('keeps its buffers reachable through its bytes', async () => {
    const watch = new GcWatch();
    const make = (): Uint8Array =>
      new SgIoV4Header({ cdb: watch.watch(new Uint8Array(16), 'cdb'), sense: watch.watch(new Uint8Array(32), 'sense'), dataIn: watch.watch(new Uint8Array(512), 'in') }).bytes;
    let bytes: Uint8Array | undefined = make();
    await collectGarbage();
    expect(watch.collected).toEqual([]);
    bytes = undefined;
    touchAnotherHeader();
    await collectGarbage();
    expect(watch.collected).toEqual(['cdb', 'in', 'sense']);
    expect(bytes).toBeUndefined();
  });
});
