/** Code values of ATA PASS-THROUGH's PROTOCOL and T_LENGTH fields (SAT-5). */

/** PROTOCOL field values (bits 4..1 of CDB byte 1). */
export const ATA_PROTOCOL = {
  /** ATA hardware reset. */
  hardReset: 0,
  /** Software reset. */
  softwareReset: 1,
  /** Non-data. */
  nonData: 3,
  /** PIO data-in. */
  pioDataIn: 4,
  /** PIO data-out. */
  pioDataOut: 5,
  /** DMA. */
  dma: 6,
  /** Execute device diagnostic. */
  deviceDiagnostic: 8,
  /** Device reset. */
  deviceReset: 9,
  /** UDMA data-in. */
  udmaDataIn: 10,
  /** UDMA data-out. */
  udmaDataOut: 11,
  /** NCQ (FPDMA). */
  fpdma: 12,
  /** Return response information. */
  returnResponseInfo: 15,
} as const;

/** T_LENGTH field values: where the transfer length is. */
export const ATA_T_LENGTH = {
  /** No data is transferred. */
  none: 0,
  /** In the FEATURES field. */
  features: 1,
  /** In the COUNT field. */
  count: 2,
  /** In the TPSIU (not available in the 12/16-byte CDBs). */
  tpsiu: 3,
} as const;

const NO_DATA_PROTOCOLS: ReadonlySet<number> = new Set([0, 1, 3, 8, 9, 15]);

/** The ATA PASS-THROUGH fields that decide the data phase. */
export interface AtaTransferFields {
  /** PROTOCOL field. */
  readonly protocol: number;
  /** T_DIR: true from the device. */
  readonly tDir: boolean;
  /** T_LENGTH field. */
  readonly tLength: number;
  /** BYT_BLOK: true counts blocks, false bytes. */
  readonly bytBlok: boolean;
  /** T_TYPE: true logical sectors, false 512-byte blocks. */
  readonly tType: boolean;
  /** FEATURES field. */
  readonly features: number;
  /** COUNT field. */
  readonly count: number;
}

/** Data direction: none without data (T_LENGTH 0 or a non-data protocol), else from PROTOCOL or T_DIR. */
export function ataDirection(f: AtaTransferFields): 'none' | 'in' | 'out' {
  if (f.tLength === 0 || NO_DATA_PROTOCOLS.has(f.protocol)) return 'none';
  if (f.protocol === ATA_PROTOCOL.pioDataIn || f.protocol === ATA_PROTOCOL.udmaDataIn) return 'in';
  if (f.protocol === ATA_PROTOCOL.pioDataOut || f.protocol === ATA_PROTOCOL.udmaDataOut) return 'out';
  return f.tDir ? 'in' : 'out';
}

/**
 * Data length in bytes: the FEATURES or COUNT value (per T_LENGTH) in bytes,
 * or in blocks of 512 bytes (T_TYPE false) or of the logical sector size
 * (T_TYPE true, `blockSize` from the context, default 512) with BYT_BLOK.
 * A zero count means no data (it is not read as 256 or 65536 sectors).
 */
export function ataDataLength(f: AtaTransferFields, blockSize = 512): number {
  if (ataDirection(f) === 'none') return 0;
  const n = f.tLength === 1 ? f.features : f.tLength === 2 ? f.count : 0;
  if (!f.bytBlok) return n;
  return n * (f.tType ? blockSize : 512);
}
