/**
 * `DecoderRegistry`: which decoder reads which VPD, mode and log page. Built
 * like `CommandSet`: the built-ins are a pack registered with `.use()`, and
 * a vendor pack adds its pages the same way.
 */
import type { LogPagesOf, LogPageDecoder, ModePageDecoder, ModePagesOf, PageDecoderPack, VpdPageDecoder, VpdPagesOf } from './page-decoder.js';

/** Thrown when a page decoder's page (and subpage, for the same device types) is taken. Code `EDECODER_CONFLICT`. */
export class DecoderConflictError extends Error {
  /** Stable error code. */
  readonly code = 'EDECODER_CONFLICT';
  constructor(message: string) {
    super(message);
    this.name = 'DecoderConflictError';
  }
}

type Kind = 'VPD' | 'mode' | 'log';
type AnyDecoder = VpdPageDecoder | ModePageDecoder | LogPageDecoder;

function overlaps(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.some((t) => b.includes(t));
}

const hex = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;

function checkEntry(kind: Kind, d: AnyDecoder, pack: string): void {
  const max = kind === 'VPD' ? 0xff : 0x3f;
  const where = `${kind} page decoder '${String(d.name)}' from ${pack}`;
  if (!Number.isInteger(d.pageCode) || d.pageCode < 0 || d.pageCode > max) throw new RangeError(`${where}: pageCode must be 0..${hex(max)}, got ${String(d.pageCode)}`);
  const sub = (d as ModePageDecoder).subpageCode ?? 0;
  if (!Number.isInteger(sub) || sub < 0 || sub > 0xff) throw new RangeError(`${where}: subpageCode must be 0..0xff, got ${String(sub)}`);
  if (typeof d.decode !== 'function') throw new TypeError(`${where}: decode must be a function (bytes) => page`);
  if (d.deviceTypes !== undefined && (d.deviceTypes.length === 0 || d.deviceTypes.some((t) => !Number.isInteger(t) || t < 0 || t > 0x1f))) {
    throw new RangeError(`${where}: deviceTypes must list peripheral device types 0..31 (omit it for all)`);
  }
}

/** Picks the decoder for a device type: one limited to it, else a general one. */
function pick<D extends AnyDecoder>(list: readonly D[] | undefined, deviceType: number | undefined): D | undefined {
  if (list === undefined) return undefined;
  if (deviceType !== undefined) {
    const specific = list.find((d) => d.deviceTypes?.includes(deviceType));
    if (specific !== undefined) return specific;
  }
  return list.find((d) => d.deviceTypes === undefined);
}

class Table<D extends AnyDecoder> {
  private readonly byKey = new Map<number, D[]>();
  private readonly order: D[] = [];
  constructor(private readonly kind: Kind) {}

  add(d: D, pack: string): void {
    checkEntry(this.kind, d, pack);
    const sub = (d as ModePageDecoder).subpageCode ?? 0;
    const key = d.pageCode * 256 + sub;
    const list = this.byKey.get(key) ?? [];
    const same = list.find((x) => overlaps(x.deviceTypes, d.deviceTypes));
    if (same !== undefined) {
      throw new DecoderConflictError(
        `${this.kind} page ${hex(d.pageCode)}${this.kind === 'VPD' ? '' : `/${hex(sub)}`} ('${d.name}' from ${pack}) is already decoded by '${same.name}'; limit one of them with deviceTypes, or clone() a registry without the other`,
      );
    }
    list.push(d);
    this.byKey.set(key, list);
    this.order.push(d);
  }

  get(page: number, subpage: number, deviceType: number | undefined): D | undefined {
    return pick(this.byKey.get(page * 256 + subpage), deviceType);
  }

  list(): D[] {
    return [...this.order];
  }
}

/**
 * A registry of page decoders. Type parameters collect the result types of
 * the registered decoders, so `decodeVpdPage(bytes, registry)` is typed
 * with the pack's pages as well as the built-in ones.
 *
 * @example
 * ```ts
 * const decoders = standardDecoders.clone().use(acmeCommands);
 * const page = decodeLogPage(bytes, decoders); // the pack's 0x30 decoder reads page 0x30
 * ```
 */
export class DecoderRegistry<V = never, M = never, L = never> {
  private readonly vpd = new Table<VpdPageDecoder>('VPD');
  private readonly mode = new Table<ModePageDecoder>('mode');
  private readonly log = new Table<LogPageDecoder>('log');
  private readonly packList: PageDecoderPack[] = [];
  /** Type carrier only (never set). @internal */
  declare readonly __types?: { vpd: V; mode: M; log: L };

  /**
   * Registers the page decoders of a pack (packs without pages register
   * nothing); returns this registry, typed with the pack's page results.
   * Nothing is registered when one entry conflicts or is invalid.
   */
  use<const P extends PageDecoderPack>(pack: P): DecoderRegistry<V | VpdPagesOf<P>, M | ModePagesOf<P>, L | LogPagesOf<P>> {
    const probe = this.cloneInto(new DecoderRegistry());
    probe.add(pack);
    this.add(pack);
    return this;
  }

  private add(pack: PageDecoderPack): void {
    const from = `pack '${pack.name}'`;
    for (const d of pack.vpdPages ?? []) this.vpd.add(d, from);
    for (const d of pack.modePages ?? []) this.mode.add(d, from);
    for (const d of pack.logPages ?? []) this.log.add(d, from);
    this.packList.push(pack);
  }

  /** The VPD decoder for a page code and device type; undefined when none is registered. */
  vpdDecoder(pageCode: number, deviceType?: number): VpdPageDecoder<V> | undefined {
    return this.vpd.get(pageCode, 0, deviceType) as VpdPageDecoder<V> | undefined;
  }

  /** The mode page decoder for a page and subpage code (0: page_0 format) and device type. */
  modeDecoder(pageCode: number, subpageCode = 0, deviceType?: number): ModePageDecoder<M> | undefined {
    return this.mode.get(pageCode, subpageCode, deviceType) as ModePageDecoder<M> | undefined;
  }

  /** The log page decoder for a page and subpage code and device type. */
  logDecoder(pageCode: number, subpageCode = 0, deviceType?: number): LogPageDecoder<L> | undefined {
    return this.log.get(pageCode, subpageCode, deviceType) as LogPageDecoder<L> | undefined;
  }

  /** Every VPD decoder, in registration order. */
  vpdPages(): VpdPageDecoder[] {
    return this.vpd.list();
  }

  /** Every mode page decoder, in registration order. */
  modePages(): ModePageDecoder[] {
    return this.mode.list();
  }

  /** Every log page decoder, in registration order. */
  logPages(): LogPageDecoder[] {
    return this.log.list();
  }

  /** The packs registered with {@link use}. */
  packs(): readonly PageDecoderPack[] {
    return this.packList;
  }

  /** A copy of this registry, to extend without changing the original. */
  clone(): DecoderRegistry<V, M, L> {
    return this.cloneInto(new DecoderRegistry<V, M, L>());
  }

  private cloneInto<R extends DecoderRegistry<V, M, L>>(copy: R): R {
    for (const p of this.packList) copy.add(p);
    return copy;
  }
}
