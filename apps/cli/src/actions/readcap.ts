/** `sgio readcap DEV [--16]`: capacity and block size (like sg_readcap). */
import { readCapacity16Flow, readCapacityFlow } from '@sgio/core';
import { decodeReadCapacity10, decodeReadCapacity16, type ReadCapacity16Data } from '@sgio/struct';
import { blockCommand } from '../common/device-type.js';
import { flowOptions, runFlow, withDevice } from '../common/device.js';
import { emit } from '../common/emit.js';
import type { CommonOptions } from '../common/global-options.js';
import { hex } from '../common/text.js';

/** Options of `readcap`. */
export interface ReadcapOptions extends CommonOptions {
  /** Use READ CAPACITY(16). */
  '16'?: boolean;
  /** Alias of --16. */
  long?: boolean;
}

/** The facts `readcap` reports, in the shape --json prints. */
export interface CapacityReport {
  /** `READ CAPACITY(10)` or `READ CAPACITY(16)`. */
  command: string;
  /** Last LBA. */
  returnedLba: number | bigint;
  /** Number of logical blocks. */
  numberOfBlocks: number | bigint;
  /** Logical block length in bytes. */
  blockLength: number;
  /** Capacity in bytes. */
  capacityBytes: bigint;
  /** READ CAPACITY(16) only: protection and provisioning fields. */
  [more: string]: unknown;
}

function sizeText(bytes: bigint): string {
  const n = Number(bytes);
  return `${bytes} bytes, ${(n / 2 ** 20).toFixed(1)} MiB, ${(n / 1e9).toFixed(2)} GB`;
}

function capacityText(r: CapacityReport): string {
  const lines = ['Read Capacity results:'];
  if (r.command === 'READ CAPACITY(16)') {
    const d = r as unknown as ReadCapacity16Data;
    lines.push(`   Protection: prot_en=${d.protEn ? 1 : 0}, p_type=${d.pType}, p_i_exponent=${d.pIExponent}`);
    lines.push(`   Logical block provisioning: lbpme=${d.lbpme ? 1 : 0}, lbprz=${d.lbprz ? 1 : 0}`);
  }
  lines.push(`   Last LBA=${r.returnedLba} (${hex(r.returnedLba, 1)}), Number of logical blocks=${r.numberOfBlocks}`, `   Logical block length=${r.blockLength} bytes`);
  if (r.command === 'READ CAPACITY(16)') {
    const d = r as unknown as ReadCapacity16Data;
    lines.push(`   Logical blocks per physical block exponent=${d.lbppbe}`, `   Lowest aligned LBA=${d.lowestAlignedLba}`);
  }
  lines.push('Hence:', `   Device size: ${sizeText(r.capacityBytes)}`);
  return lines.join('\n');
}

/** Runs `readcap`: READ CAPACITY(10), moving to (16) when the device asks for it or --16 is given. */
export async function readcap(device: string, options: ReadcapOptions): Promise<number> {
  return withDevice(device, { ...options, readOnly: true }, async (session) =>
    blockCommand(session.device, 'READ CAPACITY', async () => {
      // core's flow: (10), moving to (16) when the capacity needs it; --16 asks (16) alone
      const flow = options['16'] || options.long ? readCapacity16Flow(flowOptions(session)) : readCapacityFlow(flowOptions(session));
      const { data: raw, decoded } = await runFlow(session, flow);
      const report: CapacityReport =
        decoded.source === 16 ? { command: 'READ CAPACITY(16)', ...decodeReadCapacity16(raw) } : { command: 'READ CAPACITY(10)', ...decodeReadCapacity10(raw) };
      const answer = { report, raw };
      emit({ json: answer.report, raw: answer.raw, text: () => capacityText(answer.report) }, options);
      return 0;
    }),
  );
}
