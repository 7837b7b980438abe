/**
 * Peer test: the SES decoders against sg_ses' own decoding of the same bytes
 * (`sg_ses --inhex=FILE --status --page=N`, and `--join`). No lab target
 * emulates an enclosure, so the bytes are fixtures (test/fixtures/ses, made
 * by make-fixtures.mjs: a 12-slot SAS JBOD), never a real enclosure.
 *
 * Compared, field by field, for every element sg_ses prints:
 * - page 01h: secondary subenclosures, generation code, relative ES process
 *   id, number of ES processes, type header count, logical identifier,
 *   vendor, product, revision; per type header: element type name,
 *   subenclosure id, possible elements, text;
 * - page 02h: INVOP, INFO, NON-CRIT, CRIT, UNRECOV, generation code; per
 *   element (overall ones included) the status name and every KEY=VALUE
 *   sg_ses prints (predicted failure, disabled, swap, and the type's bits:
 *   slots, power supplies, cooling with the rpm and speed code, temperature
 *   in degrees, the enclosure, the SAS expander; the alarm is kept raw by
 *   sgio, so only its common fields are compared);
 * - page 07h: every element's descriptor text;
 * - page 0Ah: per descriptor the element index, EIIOE, number of phys, not
 *   all phys, device slot number, and per phy the SAS device type, the
 *   initiator and target port protocols, attached SAS address, SAS address,
 *   phy identifier; for the expander its phy count, SAS address and the
 *   other element index of each phy;
 * - --join: the rows (descriptor text, [ti,ii], element type), which rows
 *   carry additional status, their slot number and SAS address, their
 *   status name and IDENT / FAULT bits;
 * - the Enclosure Control page sgio builds, read back by sg_ses as a status
 *   page: the selected element's IDENT / Fault reqstd.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeSesAdditionalElementStatus,
  decodeSesConfiguration,
  decodeSesElementDescriptors,
  decodeSesEnclosureStatus,
  encodeSesIndicatorControl,
  joinSesPages,
  splitDiagnosticPages,
  type SesStatusElement,
} from '../src/decoders/index.js';
import { keyValues, sg3 } from './support/fixtures.mjs';
import { elementBlocks, sesFixture as file, sesHexFile as hexFile, sgSes } from './support/sg-ses.mjs';

function pagesOf(name: string): Map<number, Uint8Array> {
  return new Map(splitDiagnosticPages(hexFile(name)).map((p) => [p.pageCode, p.bytes]));
}

/** Facts compared, counted over the whole file (printed by the last test). */
let compared = 0;
function same(ours: unknown, theirs: unknown, what: string): void {
  expect(ours, what).toEqual(theirs);
  compared++;
}

/** sg_ses' KEY (normalized) → the field of our detail it shows, per detail kind. */
const SLOT_KEYS: Record<string, string> = {
  ok: 'ok',
  reserveddevice: 'reservedDevice',
  hotspare: 'hotSpare',
  conscheck: 'consistencyCheck',
  incritarray: 'inCriticalArray',
  infailedarray: 'inFailedArray',
  rebuildremap: 'rebuildRemap',
  rrabort: 'rebuildRemapAborted',
  appclientbypassa: 'appClientBypassedA',
  donotremove: 'doNotRemove',
  encbypassa: 'enclosureBypassedA',
  encbypassb: 'enclosureBypassedB',
  readytoinsert: 'readyToInsert',
  rmv: 'rmv',
  ident: 'ident',
  report: 'report',
  appclientbypassb: 'appClientBypassedB',
  faultsensed: 'faultSensed',
  faultreqstd: 'faultRequested',
  deviceoff: 'deviceOff',
  bypasseda: 'bypassedA',
  bypassedb: 'bypassedB',
  devbypasseda: 'deviceBypassedA',
  devbypassedb: 'deviceBypassedB',
};
const KEYS: Record<string, Record<string, string>> = {
  'array-device-slot': SLOT_KEYS,
  'power-supply': {
    ident: 'ident',
    donotremove: 'doNotRemove',
    dcovervoltage: 'dcOvervoltage',
    dcundervoltage: 'dcUndervoltage',
    dcovercurrent: 'dcOvercurrent',
    hotswap: 'hotSwap',
    fail: 'fail',
    requestedon: 'requestedOn',
    off: 'off',
    overtmpfail: 'overtemperatureFailure',
    temperaturewarn: 'temperatureWarning',
    acfail: 'acFail',
    dcfail: 'dcFail',
  },
  cooling: { ident: 'ident', donotremove: 'doNotRemove', hotswap: 'hotSwap', fail: 'fail', requestedon: 'requestedOn', off: 'off', actualspeed: 'fanSpeedRpm' },
  'temperature-sensor': { ident: 'ident', fail: 'fail', otfailure: 'overtemperatureFailure', otwarning: 'overtemperatureWarning', utfailure: 'undertemperatureFailure', utwarning: 'undertemperatureWarning', temperature: 'temperature' },
  enclosure: {
    ident: 'ident',
    timeuntilpowercycle: 'timeUntilPowerCycle',
    failureindication: 'failureIndication',
    warningindication: 'warningIndication',
    requestedpoweroffduration: 'requestedPowerOffDuration',
    failurerequested: 'failureRequested',
    warningrequested: 'warningRequested',
  },
  'sas-expander': { ident: 'ident', fail: 'fail' },
  raw: {},
};
const COMMON_KEYS: Record<string, keyof SesStatusElement> = { predictedfailure: 'predictedFailure', disabled: 'disabled', swap: 'swap' };
/** What sg_ses prints for the audible alarm, which sgio keeps raw. */
const RAW_ALARM_KEYS = new Set(['ident', 'fail', 'requestmute', 'mute', 'remind', 'info', 'noncrit', 'crit', 'unrecov']);

const asNum = (v: unknown): unknown => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

describe('SES pages of a 12-slot JBOD against sg_ses --inhex', () => {
  const pages = pagesOf('all.hex');
  const config = decodeSesConfiguration(pages.get(0x01)!);

  it('01h Configuration: the enclosure descriptor and every type header', () => {
    const text = sgSes('all.hex', '--page=1');
    same(config.secondarySubenclosures, Number(/number of secondary subenclosures: (\d+)/.exec(text)![1]), 'secondary subenclosures');
    same(config.generationCode, parseInt(/generation code: (0x[0-9a-f]+)/.exec(text)![1]!, 16), 'generation code');
    const e = config.enclosures[0]!;
    const m = /relative ES process id: (\d+), number of ES processes: (\d+)/.exec(text)!;
    same(e.relativeEsProcessId, Number(m[1]), 'relative ES process id');
    same(e.numberOfEsProcesses, Number(m[2]), 'ES processes');
    same(e.typeDescriptorHeaders, Number(/number of type descriptor headers: (\d+)/.exec(text)![1]), 'type headers');
    same(e.logicalIdentifier, /enclosure logical identifier \(hex\): ([0-9a-f]+)/.exec(text)![1], 'logical identifier');
    const v = /enclosure vendor: (.*?)\s+product: (.*?)\s+rev: (\S*)/.exec(text)!;
    same([e.vendorId, e.productId, e.productRevision], [v[1], v[2], v[3]], 'vendor, product, revision');
    const headers = [...text.matchAll(/Element type: (.+), subenclosure id: (\d+)\n\s+number of possible elements: (\d+)\n\s+text: (.*)/g)];
    expect(headers).toHaveLength(config.typeDescriptors.length);
    headers.forEach((h, i) => {
      const t = config.typeDescriptors[i]!;
      same(t.elementTypeName.toLowerCase(), h[1]!.toLowerCase(), `ti=${i} type`);
      same(t.subenclosureId, Number(h[2]), `ti=${i} subenclosure`);
      same(t.possibleElements, Number(h[3]), `ti=${i} possible elements`);
      same(t.text, h[4]!.trim(), `ti=${i} text`);
    });
  });

  it('02h Enclosure Status: the summary bits and every element, overall ones included', () => {
    const status = decodeSesEnclosureStatus(pages.get(0x02)!, config);
    const text = sgSes('all.hex', '--page=2');
    const head = keyValues(text.split('\n').slice(0, 3).join('\n'));
    same([status.invop, status.info, status.nonCritical, status.critical, status.unrecoverable].map(asNum), ['invop', 'info', 'noncrit', 'crit', 'unrecov'].map((k) => head.get(k)), 'summary bits');
    const blocks = elementBlocks(text);
    expect(blocks.size).toBe(status.elements.length);
    for (const el of status.elements) {
      const where = `element ${el.typeIndex},${el.index} (${el.elementTypeName})`;
      const block = blocks.get(`${el.typeIndex},${el.index}`);
      expect(block, where).toBeDefined();
      same(el.statusName, /status: (.+)/.exec(block!.body)![1]!.trim(), `${where} status`);
      const kv = keyValues(block!.body);
      const map = KEYS[el.detail.kind]!;
      for (const [key, value] of kv) {
        if (key in COMMON_KEYS) same(asNum(el[COMMON_KEYS[key]!]), value, `${where} ${key}`);
        else if (key in map) same(asNum((el.detail as unknown as Record<string, unknown>)[map[key]!]), value, `${where} ${key}`);
        else if (el.detail.kind === 'raw' && RAW_ALARM_KEYS.has(key)) continue;
        else throw new Error(`${where}: sg_ses prints ${key}=${value}, which this test does not compare`);
      }
      if (el.detail.kind === 'cooling') same(`Fan ${el.detail.actualSpeedCode === 0 ? '' : 'at '}${el.detail.actualSpeedName}`, /(Fan (?:at )?[a-z ]+)\n?/.exec(block!.body)![1]!.trim(), `${where} speed code`);
      if (el.detail.kind === 'temperature-sensor' && el.detail.temperature === null) expect(block!.body).toMatch(/Temperature: <reserved>/);
    }
  });

  it('07h Element Descriptor: every text', () => {
    const d = decodeSesElementDescriptors(pages.get(0x07)!, config);
    const blocks = elementBlocks(sgSes('all.hex', '--page=7'));
    expect(blocks.size).toBe(d.descriptors.length);
    for (const x of d.descriptors) {
      const theirs = blocks.get(`${x.typeIndex},${x.index}`)!.body.split('\n')[0]!.trim();
      same(x.text === '' ? '<empty>' : x.text, theirs, `descriptor ${x.typeIndex},${x.index}`);
    }
  });

  it('0Ah Additional Element Status: slot numbers, phys and SAS addresses, the expander', () => {
    const aes = decodeSesAdditionalElementStatus(pages.get(0x0a)!, config);
    const text = sgSes('all.hex', '--page=0xa');
    const parts = text.split(/\n\s+Element index: /).slice(1);
    expect(parts).toHaveLength(aes.descriptors.length);
    aes.descriptors.forEach((d, i) => {
      const part = parts[i]!;
      const where = `descriptor ${i}`;
      same(d.elementIndexField, Number(/^(\d+)/.exec(part)![1]), `${where} element index`);
      same(d.eiioe, Number(/eiioe=(\d+)/.exec(part)![1]), `${where} eiioe`);
      same(d.protocolName, /Transport protocol: (\S+)/.exec(part)![1], `${where} protocol`);
      const sas = d.sas!;
      if (sas.kind === 'slot') {
        const m = /number of phys: (\d+), not all phys: (\d+), device slot number: (\d+)/.exec(part)!;
        same([sas.phys.length, asNum(sas.notAllPhys), sas.deviceSlotNumber], [Number(m[1]), Number(m[2]), Number(m[3])], `${where} phys, slot number`);
        const phys = part.split(/phy index: /).slice(1);
        sas.phys.forEach((p, k) => {
          const t = phys[k]!;
          same(p.deviceTypeName, /SAS device type: (.+)/.exec(t)![1]!.trim(), `${where} phy ${k} device type`);
          const ini = /initiator port for:(.*)/.exec(t)![1]!.trim();
          same([p.sspInitiator ? 'SSP' : '', p.stpInitiator ? 'STP' : '', p.smpInitiator ? 'SMP' : ''].filter(Boolean).join(' '), ini, `${where} phy ${k} initiator`);
          const tgt = /target port for:(.*)/.exec(t)![1]!.trim();
          same(
            [p.sataPortSelector ? 'SATA_port_selector' : '', p.sspTarget ? 'SSP' : '', p.stpTarget ? 'STP' : '', p.smpTarget ? 'SMP' : '', p.sataDevice ? 'SATA_device' : ''].filter(Boolean).join(' '),
            tgt,
            `${where} phy ${k} target`,
          );
          same(BigInt(p.attachedSasAddress), BigInt(/attached SAS address: (0x[0-9a-f]+)/.exec(t)![1]!), `${where} phy ${k} attached SAS address`);
          same(BigInt(p.sasAddress), BigInt(/\n\s+SAS address: (0x[0-9a-f]+)/.exec(t)![1]!), `${where} phy ${k} SAS address`);
          same(p.phyIdentifier, parseInt(/phy identifier: (0x[0-9a-f]+)/.exec(t)![1]!, 16), `${where} phy ${k} identifier`);
        });
      } else if (sas.kind === 'expander') {
        same(sas.phys.length, Number(/number of phys: (\d+)/.exec(part)![1]), `${where} expander phys`);
        same(BigInt(sas.sasAddress), BigInt(/SAS address: (0x[0-9a-f]+)/.exec(part)![1]!), `${where} expander SAS address`);
        const pairs = [...part.matchAll(/\[(\d+)\] no connector; other ei: (\d+)/g)];
        same(
          sas.phys.map((p) => [p.connectorElementIndex, p.otherElementIndex]),
          pairs.map((m) => [0xff, Number(m[2])]),
          `${where} expander phy pairs`,
        );
      } else throw new Error(`${where}: unexpected ${sas.kind}`);
    });
  });

  describe.each([
    ['all.hex', 'EIP=1, EIIOE=0'],
    ['all-eiioe1.hex', 'EIP=1, EIIOE=1'],
  ])('--join of %s (%s)', (name) => {
    const p = pagesOf(name);
    const cfg = decodeSesConfiguration(p.get(0x01)!);
    const rows = joinSesPages({
      configuration: cfg,
      status: decodeSesEnclosureStatus(p.get(0x02)!, cfg),
      descriptors: decodeSesElementDescriptors(p.get(0x07)!, cfg),
      additional: decodeSesAdditionalElementStatus(p.get(0x0a)!, cfg),
    });

    it('every row: descriptor, element type, slot number, SAS address, status, IDENT and FAULT', () => {
      const text = sg3('sg_ses', [`--inhex=${file(name)}`, '--status', '--join']);
      const theirRows = text.split(/\n(?=(?:\S.* )?\[\d+,-?\d+\]\s+Element type: )/).slice(1);
      expect(theirRows).toHaveLength(rows.length);
      rows.forEach((r, i) => {
        const t = theirRows[i]!;
        const head = /^(?:(.*) )?\[(\d+),(-?\d+)\]\s+Element type: (.+)/.exec(t)!;
        const where = `row ${head[2]},${head[3]}`;
        same([r.descriptor || undefined, r.typeIndex, r.index, r.elementTypeName.toLowerCase()], [head[1], Number(head[2]), Number(head[3]), head[4]!.trim().toLowerCase()], `${where} head`);
        same(r.status!.statusName, /status: (.+)/.exec(t)![1]!.trim(), `${where} status`);
        const kv = keyValues(t.split('Additional Element Status')[0]!);
        const d = r.status!.detail as unknown as Record<string, unknown>;
        if ('ident' in d) same(asNum(d['ident']), kv.get('ident'), `${where} ident`);
        if ('faultRequested' in d) same(asNum(d['faultRequested']), kv.get('faultreqstd'), `${where} fault requested`);
        // sg_ses 2.48 checks an EIIOE=1 index against the count of individual elements only, so with
        // EIIOE=1 it drops descriptors whose index (overall elements counted) is past that count:
        // here the expander's, index 26 of 29 elements (22 individual). sgio joins it.
        const droppedBySgSes = name === 'all-eiioe1.hex' && r.additional?.elementIndexField !== undefined && r.additional.elementIndexField >= 22;
        same(r.additional !== undefined && !droppedBySgSes, t.includes('Additional Element Status:'), `${where} has additional status`);
        const slot = /device slot number: (\d+)/.exec(t);
        same(r.slotNumber, slot ? Number(slot[1]) : undefined, `${where} slot number`);
        const sasAddr = /\n\s+SAS address: (0x[0-9a-f]+)/.exec(t);
        if (sasAddr && BigInt(sasAddr[1]!) !== 0n) same(BigInt(r.sasAddress!), BigInt(sasAddr[1]!), `${where} SAS address`);
        else if (!droppedBySgSes) same(r.sasAddress, undefined, `${where} no SAS address`);
      });
    });
  });

  it('the Enclosure Control page sgio builds, read back by sg_ses: only the selected element changes, SELECT set', () => {
    const statusPage = pages.get(0x02)!;
    const dir = mkdtempSync(join(tmpdir(), 'sgio-ses-'));
    const cases: [number, { ident?: boolean; fault?: boolean }, string, number][] = [
      [4, { ident: true }, 'ident', 1],
      [3, { ident: false }, 'ident', 0],
      [7, { fault: false }, 'faultreqstd', 0],
      [0, { fault: true }, 'faultreqstd', 1],
    ];
    for (const [slot, change, key, value] of cases) {
      const control = encodeSesIndicatorControl(statusPage, config, { typeIndex: 0, index: slot }, change);
      const path = join(dir, `control-${slot}.hex`);
      writeFileSync(path, `${cfgHex(pages.get(0x01)!)}\n${Array.from(control, (b) => b.toString(16).padStart(2, '0')).join(' ')}\n`);
      const blocks = elementBlocks(sg3('sg_ses', [`--inhex=${path}`, '--status', '--page=2']));
      const kv = keyValues(blocks.get(`0,${slot}`)!.body);
      same(kv.get(key), value, `slot ${slot} ${key}`);
      // status-only bits (FAULT SENSED) are not sent back as requests
      same(kv.get('faultsensed'), 0, `slot ${slot} fault sensed not sent`);
      expect(control[8 + 4 * (1 + slot)]! & 0x80).toBe(0x80);
      const others = Array.from(control.subarray(8)).filter((_, i) => Math.floor(i / 4) !== 1 + slot);
      expect(others.every((b) => b === 0)).toBe(true);
    }
  });

  it('counts what it compared', () => {
    // the facts above, field by field (a shrinking count means a comparison stopped running)
    expect(compared).toBeGreaterThan(500);
    console.log(`ses peer test: ${compared} facts compared with sg_ses`);
  });
});

function cfgHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}
