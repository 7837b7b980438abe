/**
 * The SES and ATA flows against a scripted device (no lab target emulates an
 * enclosure or a SAT layer): which CDBs they send, what they send as data,
 * and how they read the answers. The pages are struct's SES fixtures (a
 * 12-slot JBOD), whose decoding the struct peer test checks with sg_ses.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeSense, decodeSesEnclosureStatus, splitDiagnosticPages, type CdbDefinition, type FieldSpecs, type FieldsInput } from '@sgio/struct';
import { describe, expect, it } from 'vitest';
import { CheckConditionError } from '../errors/scsi-errors.js';
import type { ExecuteOptions } from '../execute/options.js';
import type { CommandResult } from '../execute/result.js';
import { ataIdentifyFlow, ataSmartDataFlow } from './ata-flows.js';
import { runFlowAsync, runFlowSync, type Executor } from './command-step.js';
import { sesIndicatorFlow, sesPagesFlow } from './ses-flows.js';

const fixture = (path: string): string => readFileSync(fileURLToPath(new URL(`../../../struct/test/fixtures/${path}`, import.meta.url)), 'utf8');
const hexBytes = (text: string): Uint8Array => Uint8Array.from(text.replace(/#.*$/gm, '').match(/[0-9a-fA-F]{2}/g) ?? [], (h) => parseInt(h, 16));
const PAGES = new Map(splitDiagnosticPages(hexBytes(fixture('ses/all.hex'))).map((p) => [p.pageCode, p.bytes]));

/** A device answering RECEIVE DIAGNOSTIC RESULTS from `pages` (ILLEGAL REQUEST for others), recording CDBs and data-out. */
function enclosure(pages: Map<number, Uint8Array>): Executor & { cdbs: Uint8Array[]; sent: (Uint8Array | undefined)[] } {
  const cdbs: Uint8Array[] = [];
  const sent: (Uint8Array | undefined)[] = [];
  const run = <F extends FieldSpecs>(definition: CdbDefinition<string, F>, fields?: FieldsInput<F>, options?: ExecuteOptions): CommandResult => {
    const cdb = definition.encode(fields ?? {});
    cdbs.push(cdb);
    sent.push(options?.data);
    const result = { command: definition.name, cdb, data: new Uint8Array(0) } as unknown as CommandResult;
    if (cdb[0] === 0x1c) {
      const page = pages.get(cdb[2]!);
      if (page === undefined) throw new CheckConditionError(result, decodeSense(Uint8Array.of(0x70, 0, 5, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x24, 0, 0, 0, 0, 0)), 5);
      return { ...result, data: page.subarray(0, definition.dataLengthOf(fields)) } as CommandResult;
    }
    return result;
  };
  return { cdbs, sent, executeSync: run, execute: (d, f, o) => Promise.resolve(run(d, f, o)) };
}

describe('sesPagesFlow', () => {
  it('reads the configuration, then pages 02h, 07h, 0Ah with PCV, and decodes them with it', async () => {
    const dev = enclosure(PAGES);
    const r = await runFlowAsync(dev, sesPagesFlow());
    expect(dev.cdbs.map((c) => Buffer.from(c).toString('hex'))).toEqual(['1c0101100000', '1c0102100000', '1c0107100000', '1c010a100000']);
    expect(r.configuration.typeDescriptors).toHaveLength(7);
    expect(r.status?.elements[4]?.detail).toMatchObject({ kind: 'array-device-slot', ident: true });
    expect(r.descriptors?.descriptors[1]?.text).toBe('Slot 00');
    expect(r.additional?.descriptors).toHaveLength(13);
    expect(r.raw.map((p) => p.pageCode)).toEqual([1, 2, 7, 0x0a]);
  });

  it('goes on without the pages an enclosure lacks (07h, 0Ah), but not without 02h', () => {
    const only = new Map([...PAGES].filter(([code]) => code <= 2));
    const r = runFlowSync(enclosure(only), sesPagesFlow());
    expect([r.status !== undefined, r.descriptors, r.additional]).toEqual([true, undefined, undefined]);
    expect(() => runFlowSync(enclosure(new Map([[1, PAGES.get(1)!]])), sesPagesFlow())).toThrow(CheckConditionError);
  });

  it('reads everything again once when a page is of another generation than the configuration', () => {
    const stale = new Map(PAGES);
    const status = PAGES.get(2)!.slice();
    status[7] = 2;
    stale.set(2, status);
    const dev = enclosure(stale);
    runFlowSync(dev, sesPagesFlow({ pages: [2] }));
    expect(dev.cdbs.map((c) => c[2])).toEqual([1, 2, 1, 2]);
  });
});

describe('sesIndicatorFlow', () => {
  it('sends SEND DIAGNOSTIC (PF) with an Enclosure Control page that selects the one slot and sets its IDENT', () => {
    const dev = enclosure(PAGES);
    const r = runFlowSync(dev, sesIndicatorFlow({ typeIndex: 0, index: 4 }, { ident: true }));
    expect(dev.cdbs.map((c) => c[0])).toEqual([0x1c, 0x1c, 0x1d]);
    const send = dev.cdbs[2]!;
    expect(Buffer.from(send).toString('hex')).toBe(`1d1000${(r.control.length >> 8).toString(16).padStart(2, '0')}${(r.control.length & 0xff).toString(16).padStart(2, '0')}00`);
    expect(dev.sent[2]).toBe(r.control);
    const asStatus = decodeSesEnclosureStatus(r.control, r.configuration);
    expect(asStatus.elements.filter((e) => r.control[8 + 4 * e.withOverallIndex]! & 0x80).map((e) => [e.typeIndex, e.index])).toEqual([[0, 4]]);
    expect(asStatus.elements[5]!.detail).toMatchObject({ ident: true });
  });

  it('a selector (arr,2-4): one SEND DIAGNOSTIC whose page selects each element of the range', () => {
    const dev = enclosure(PAGES);
    const r = runFlowSync(dev, sesIndicatorFlow({ type: { elementType: 0x17 }, first: 2, last: 4 }, { fault: true }));
    expect(dev.cdbs.map((c) => c[0])).toEqual([0x1c, 0x1c, 0x1d]);
    expect(r.elements).toEqual([2, 3, 4].map((index) => ({ typeIndex: 0, index })));
    const asStatus = decodeSesEnclosureStatus(r.control, r.configuration);
    const selected = asStatus.elements.filter((e) => r.control[8 + 4 * e.withOverallIndex]! & 0x80);
    expect(selected.map((e) => e.index)).toEqual([2, 3, 4]);
    expect(selected.every((e) => e.detail.kind === 'array-device-slot' && e.detail.faultRequested)).toBe(true);
  });

  it('a selector that names no element: refused with ERR_BLOCK_REQUEST before sending anything', () => {
    const dev = enclosure(PAGES);
    expect(() => runFlowSync(dev, sesIndicatorFlow({ type: { elementType: 0x01 }, first: 0 }, { ident: true }))).toThrow(expect.objectContaining({ code: 'ERR_BLOCK_REQUEST', message: expect.stringMatching(/no Device slot \(dev\) type header/) }));
    expect(dev.cdbs.map((c) => c[0])).toEqual([0x1c, 0x1c]);
  });

  it('reads Threshold In (05h) with the configuration when asked, and fails when the enclosure lacks it', () => {
    expect(() => runFlowSync(enclosure(PAGES), sesPagesFlow({ pages: [5] }))).toThrow(CheckConditionError);
  });

  it('refuses an element the enclosure does not have, before sending anything', () => {
    const dev = enclosure(PAGES);
    expect(() => runFlowSync(dev, sesIndicatorFlow({ typeIndex: 0, index: 12 }, { fault: true }))).toThrow(/no element 0,12/);
    expect(dev.cdbs.map((c) => c[0])).toEqual([0x1c, 0x1c]);
    expect(() => runFlowSync(dev, sesIndicatorFlow({ typeIndex: 0, index: 1 }, {}))).toThrow(/which indicator/);
  });
});

describe('ATA flows', () => {
  const words = fixture('ata/identify-hdd.words').match(/[0-9a-f]{4}/g)!;
  const identify = new Uint8Array(512);
  words.forEach((w, i) => {
    identify[2 * i] = parseInt(w, 16) & 0xff;
    identify[2 * i + 1] = parseInt(w, 16) >> 8;
  });
  const smart = hexBytes(fixture('ata/smart-data-hdd.hex'));
  const sat = (): Executor & { cdbs: Uint8Array[] } => {
    const cdbs: Uint8Array[] = [];
    const run = <F extends FieldSpecs>(definition: CdbDefinition<string, F>, fields?: FieldsInput<F>): CommandResult => {
      const cdb = definition.encode(fields ?? {});
      cdbs.push(cdb);
      return { command: definition.name, cdb, data: cdb[14] === 0xec ? identify : smart } as unknown as CommandResult;
    };
    return { cdbs, executeSync: run, execute: (d, f) => Promise.resolve(run(d, f)) };
  };

  it('IDENTIFY DEVICE and SMART READ DATA: the CDBs sg_sat_identify and smartctl send, decoded', () => {
    const dev = sat();
    const id = runFlowSync(dev, ataIdentifyFlow());
    const sm = runFlowSync(dev, ataSmartDataFlow());
    expect(dev.cdbs.map((c) => Buffer.from(c).toString('hex'))).toEqual(['85080e0000000100000000000000ec00', '85080e00d000010000004f00c200b000']);
    expect(id.decoded).toMatchObject({ model: 'SGIOLAB HDD-4000 SATA', sectors: 7814037168, physicalSectorSize: 4096 });
    expect(sm.decoded.checksumValid).toBe(true);
  });
});
