/** One command as a handler sees it: the CDB decoded with struct's definitions, and its data. */
import type { CdbDefinition, DataDirection } from '@sgio/struct';

/** A command received from the kernel. */
export interface ScsiRequest {
  /** The kernel's command id (unique among the commands in flight). */
  readonly id: number;
  /** The CDB bytes. */
  readonly cdb: Uint8Array;
  /** Operation code (CDB byte 0). */
  readonly opcode: number;
  /** The struct definition the CDB belongs to, or undefined for an opcode struct does not know. */
  readonly definition: CdbDefinition | undefined;
  /** The CDB's fields decoded by that definition (`{}` when there is none). */
  readonly fields: Readonly<Record<string, unknown>>;
  /** Data direction by the definition ('none' for unknown opcodes). */
  readonly direction: DataDirection;
  /** Bytes of the data buffer the initiator gave (allocation or transfer length as the kernel computed it). */
  readonly dataLength: number;
  /** The data-out bytes (a copy), for commands that send data; empty otherwise. */
  readonly dataOut: Uint8Array;
}

/** A CDB field as a number (u64 fields decode as bigint; LBAs up to 2^53 are exact). */
export function fieldNumber(request: ScsiRequest, name: string): number {
  const v = request.fields[name];
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return 0;
}

/** A CDB flag field. */
export function fieldFlag(request: ScsiRequest, name: string): boolean {
  return Boolean(request.fields[name]);
}
