/** `sgio persist DEV [--in|--out] ACTION`: persistent reservations (like sg_persist). */
import { persistentReserveInFlow, persistentReserveOutFlow, type PrInAction, type PrOutAction, type PrOutRequest } from '@sgio/core';
import { encodeTransportId, type PrCapabilitiesData, type PrFullStatusData, type PrReadKeysData, type PrReadReservationData } from '@sgio/struct';
import { CliError } from '../common/cli-error.js';
import { ControlReporter } from '../common/control-report.js';
import { flowOptions, runFlow, withDevice } from '../common/device.js';
import { emit } from '../common/emit.js';
import type { CommonOptions } from '../common/global-options.js';
import { parseBigNumber, parseNumber } from '../common/parse-number.js';
import { capabilitiesText, fullStatusText, readKeysText, readReservationText, transportIdText } from './persist-text.js';

/** Options of `persist` (sg_persist's names). */
export interface PersistOptions extends CommonOptions {
  in?: boolean;
  out?: boolean;
  readKeys?: boolean;
  readReservation?: boolean;
  reportCapabilities?: boolean;
  readFullStatus?: boolean;
  readStatus?: boolean;
  register?: boolean;
  registerIgnore?: boolean;
  reserve?: boolean;
  release?: boolean;
  clear?: boolean;
  preempt?: boolean;
  preemptAbort?: boolean;
  registerMove?: boolean;
  replaceLost?: boolean;
  paramRk?: string;
  paramSark?: string;
  proutType?: number;
  paramAlltgpt?: boolean;
  paramAptpl?: boolean;
  unreg?: boolean;
  relativeTargetPort?: number;
  transportId?: string[];
  allocLength?: string;
  maxlen?: number;
  inquiry?: boolean;
}

const IN_FLAGS: readonly [keyof PersistOptions, PrInAction][] = [
  ['readKeys', 'readKeys'],
  ['readReservation', 'readReservation'],
  ['reportCapabilities', 'reportCapabilities'],
  ['readFullStatus', 'readFullStatus'],
  ['readStatus', 'readFullStatus'],
];

const OUT_FLAGS: readonly [keyof PersistOptions, PrOutAction][] = [
  ['register', 'register'],
  ['registerIgnore', 'registerAndIgnoreExistingKey'],
  ['reserve', 'reserve'],
  ['release', 'release'],
  ['clear', 'clear'],
  ['preempt', 'preempt'],
  ['preemptAbort', 'preemptAndAbort'],
  ['registerMove', 'registerAndMove'],
  ['replaceLost', 'replaceLostReservation'],
];

/** A key as sg_persist takes it: hex digits, with or without `0x`. */
function hexKey(text: string | undefined, what: string): bigint | undefined {
  if (text === undefined) return undefined;
  return parseBigNumber(/^0x/i.test(text) ? text : `0x${text}`, what);
}

/** `sas,ADDR`, `fcp,ADDR`, `iqn....` (or `iscsi,NAME`) as a TransportID. */
export function parseTransportId(text: string): Uint8Array {
  const m = /^(sas|fcp|iscsi),(.+)$/i.exec(text);
  try {
    if (m && m[1]!.toLowerCase() !== 'iscsi') {
      const address = m[2]!.replace(/^(0x|naa\.)/i, '');
      if (!/^[0-9a-f]{1,16}$/i.test(address)) throw new Error(`${m[1]} address must be up to 16 hex digits`);
      return encodeTransportId({ protocol: m[1]!.toLowerCase() as 'sas' | 'fcp', address });
    }
    if (m) return encodeTransportId({ protocol: 'iscsi', name: m[2]! });
    if (/^(iqn|eui)\./i.test(text)) return encodeTransportId({ protocol: 'iscsi', name: text });
  } catch (e) {
    throw new CliError(`--transport-id '${text}': ${(e as Error).message}`);
  }
  throw new CliError(`--transport-id '${text}': use sas,ADDRESS or fcp,ADDRESS (16 hex digits), or an iSCSI name (iqn.... or iscsi,NAME)`);
}

function chosen<A>(opts: PersistOptions, flags: readonly [keyof PersistOptions, A][]): A[] {
  return [...new Set(flags.filter(([flag]) => opts[flag] === true).map(([, a]) => a))];
}

/** Runs `persist`. */
export async function persist(device: string, opts: PersistOptions): Promise<number> {
  const ins = chosen(opts, IN_FLAGS);
  const outs = chosen(opts, OUT_FLAGS);
  if (ins.length + outs.length > 1 || (opts.in && outs.length > 0) || (opts.out && ins.length > 0)) {
    throw new CliError('persist: give one action: a PR In one (--read-keys, --read-reservation, --report-capabilities, --read-full-status) or a PR Out one (--register, --reserve, ...)');
  }
  if (opts.out && outs.length === 0) throw new CliError('persist --out: say which service action (--register, --register-ignore, --reserve, --release, --clear, --preempt, --preempt-abort, --register-move, --replace-lost)');
  if (outs.length > 0) return persistOut(device, outs[0]!, opts);
  return persistIn(device, ins[0] ?? 'readKeys', opts);
}

const hex = (n: bigint): string => `0x${n.toString(16)}`;

/** The JSON of a PR In answer: keys as hex strings, one shape per service action. */
function inJson(device: string, action: PrInAction, d: unknown): Record<string, unknown> {
  switch (action) {
    case 'readKeys': {
      const k = d as PrReadKeysData;
      return { device, action, generation: k.generation, keys: k.keys.map(hex), truncated: k.truncated };
    }
    case 'readReservation': {
      const r = d as PrReadReservationData;
      return { device, action, generation: r.generation, reservation: r.reservation ? { ...r.reservation, key: hex(r.reservation.key) } : null };
    }
    case 'reportCapabilities':
      return { device, action, ...(d as PrCapabilitiesData) };
    case 'readFullStatus': {
      const f = d as PrFullStatusData;
      return {
        device,
        action,
        generation: f.generation,
        registrations: f.descriptors.map((x) => ({ ...x, key: hex(x.key), transportIdText: transportIdText(x.transportId) })),
        truncated: f.truncated,
      };
    }
  }
}

function inText(action: PrInAction, d: unknown): string[] {
  switch (action) {
    case 'readKeys':
      return readKeysText(d as PrReadKeysData);
    case 'readReservation':
      return readReservationText(d as PrReadReservationData);
    case 'reportCapabilities':
      return capabilitiesText(d as PrCapabilitiesData);
    case 'readFullStatus':
      return fullStatusText(d as PrFullStatusData);
  }
}

async function persistIn(device: string, action: PrInAction, opts: PersistOptions): Promise<number> {
  const maxLength = opts.allocLength !== undefined ? parseNumber(/^0x/i.test(opts.allocLength) ? opts.allocLength : `0x${opts.allocLength}`, '--alloc-length', 0xffff) : (opts.maxlen ?? 8192);
  return withDevice(device, { ...opts, readOnly: true }, async (session) => {
    const { data, decoded } = await runFlow(session, persistentReserveInFlow(action, { ...flowOptions(session), maxLength }));
    let header: string[] = [];
    if (!opts.json && !opts.hex && opts.inquiry !== false) {
      const inq = session.device.inquirySync(flowOptions(session));
      header = [`  ${inq.vendorId.padEnd(8)}  ${inq.productId.padEnd(16)}  ${inq.productRevision.padEnd(4)}`];
    }
    emit({ json: inJson(device, action, decoded), raw: data, text: () => [...header, ...inText(action, decoded)].join('\n') }, opts);
    return 0;
  });
}

async function persistOut(device: string, action: PrOutAction, opts: PersistOptions): Promise<number> {
  const key = hexKey(opts.paramRk, '--param-rk');
  const serviceActionKey = hexKey(opts.paramSark, '--param-sark');
  const ids = (opts.transportId ?? []).map(parseTransportId);
  if (action === 'registerAndMove' && ids.length !== 1) throw new CliError('persist --register-move: give the destination with one --transport-id and --relative-target-port');
  if (ids.length > 0 && action !== 'register' && action !== 'registerAndMove') throw new CliError('persist: --transport-id goes with --register (SPEC_I_PT) or --register-move');
  const request: PrOutRequest = {
    action,
    ...(key !== undefined ? { key } : {}),
    ...(serviceActionKey !== undefined ? { serviceActionKey } : {}),
    ...(opts.proutType !== undefined ? { type: opts.proutType } : {}),
    aptpl: Boolean(opts.paramAptpl),
    allTargetPorts: Boolean(opts.paramAlltgpt),
    ...(action === 'registerAndMove' ? { transportId: ids[0]!, relativeTargetPortId: opts.relativeTargetPort ?? 0, unregister: Boolean(opts.unreg) } : { transportIds: ids }),
  };
  const shown = {
    key: key === undefined ? undefined : hex(key),
    serviceActionKey: serviceActionKey === undefined ? undefined : hex(serviceActionKey),
    type: opts.proutType,
    aptpl: Boolean(opts.paramAptpl),
    allTargetPorts: Boolean(opts.paramAlltgpt),
    transportIds: opts.transportId ?? [],
  };
  const reporter = new ControlReporter(device, `persist ${action}`, shown, opts);
  return withDevice(device, opts, async (session) => {
    reporter.add(await runFlow(session, persistentReserveOutFlow(request, flowOptions(session))));
    return reporter.done(`PERSISTENT RESERVE OUT (${action}) done on ${device}`);
  });
}
