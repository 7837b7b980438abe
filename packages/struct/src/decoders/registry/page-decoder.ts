/**
 * The page decoder entries a command pack can carry beside its commands:
 * VPD pages (INQUIRY EVPD), mode pages (MODE SENSE) and log pages (LOG SENSE).
 */

/** What every page decoder entry has. */
export interface PageDecoderCommon<T> {
  /** Page code (VPD: 0x00..0xFF; mode and log: 0x00..0x3F). */
  readonly pageCode: number;
  /** The page's name, for listings and help texts (`ACME health`). */
  readonly name: string;
  /**
   * Decodes the whole page (its header included), as returned by the device.
   * Throws a `DecodeError` for malformed bytes.
   */
  readonly decode: (bytes: Uint8Array) => T;
  /**
   * Peripheral device types (INQUIRY byte 0 bits 4..0) the decoder is for;
   * omitted: any device type. A decoder for the device's type wins over a
   * general one.
   */
  readonly deviceTypes?: readonly number[];
}

/** A VPD page decoder (INQUIRY with EVPD). */
export type VpdPageDecoder<T = unknown> = PageDecoderCommon<T>;

/** A mode page decoder; `subpageCode` 0 (default) is the page_0 format, 1..0xFE the sub_page format. */
export interface ModePageDecoder<T = unknown> extends PageDecoderCommon<T> {
  /** Subpage code (default 0). */
  readonly subpageCode?: number;
}

/** A log page decoder, by page and subpage code. */
export interface LogPageDecoder<T = unknown> extends PageDecoderCommon<T> {
  /** Subpage code (default 0). */
  readonly subpageCode?: number;
}

/** The page decoders of a pack (the page part of `CommandPack`). */
export interface PageDecoderPack {
  /** Pack name. */
  readonly name: string;
  /** VPD page decoders. */
  readonly vpdPages?: readonly VpdPageDecoder[];
  /** Mode page decoders. */
  readonly modePages?: readonly ModePageDecoder[];
  /** Log page decoders. */
  readonly logPages?: readonly LogPageDecoder[];
}

/** The result type of a page decoder entry (distributes over unions of entries). */
export type PageDecodeResult<D> = D extends PageDecoderCommon<infer T> ? T : never;
/** The result type of the VPD decoders of a pack. */
export type VpdPagesOf<P extends PageDecoderPack> = PageDecodeResult<NonNullable<P['vpdPages']>[number]>;
/** The result type of the mode page decoders of a pack. */
export type ModePagesOf<P extends PageDecoderPack> = PageDecodeResult<NonNullable<P['modePages']>[number]>;
/** The result type of the log page decoders of a pack. */
export type LogPagesOf<P extends PageDecoderPack> = PageDecodeResult<NonNullable<P['logPages']>[number]>;
