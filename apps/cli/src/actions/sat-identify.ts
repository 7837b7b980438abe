/** `sgio sat-identify`: ATA IDENTIFY DEVICE or SMART READ DATA through ATA PASS-THROUGH(16), or from an --inhex file (like sg_sat_identify). */
import { ataIdentifyFlow, ataSmartDataFlow } from '@sgio/core';
import { decodeAtaIdentifyDevice, decodeAtaSmartData, type AtaIdentifyDevice, type AtaSmartData } from '@sgio/struct';
import { CliError } from '../common/cli-error.js';
import { flowOptions, runFlow, withDevice } from '../common/device.js';
import { emit } from '../common/emit.js';
import type { CommonOptions } from '../common/global-options.js';
import { readInhex } from '../common/inhex.js';

/** Options of `sat-identify`. */
export interface SatIdentifyOptions extends CommonOptions {
  /** SMART READ DATA instead of IDENTIFY DEVICE. */
  smart?: boolean;
  /** 512 bytes from a file. */
  inhex?: string;
}

/** The 512 bytes of an --inhex file: hex bytes as the device sends them, 256 4-digit words (hdparm --Istdout) or binary. */
export function inhexSector(path: string): Uint8Array {
  const bytes = readInhex(path, { ataWords: true });
  if (bytes.length < 512) throw new CliError(`--inhex ${path}: ${bytes.length} bytes; IDENTIFY DEVICE and SMART data are 512 bytes (or 256 4-digit words)`);
  return bytes.subarray(0, 512);
}

const yes = (on: boolean, label: string): string => (on ? label : '');

function identifyText(d: AtaIdentifyDevice): string {
  const f = d.features;
  const features = [
    f.smartSupported ? `SMART (${f.smartEnabled ? 'enabled' : 'disabled'})` : '',
    yes(f.lba48, '48-bit'),
    f.ncq ? `NCQ (depth ${String(f.queueDepth)})` : '',
    f.trim ? `TRIM${f.readZeroAfterTrim ? ' (zeroes after)' : f.deterministicReadAfterTrim ? ' (deterministic)' : ''}` : '',
    f.writeCacheSupported ? `write cache (${f.writeCacheEnabled ? 'enabled' : 'disabled'})` : '',
    f.lookAheadSupported ? `look-ahead (${f.lookAheadEnabled ? 'enabled' : 'disabled'})` : '',
    f.securitySupported ? `security (${f.securityEnabled ? 'enabled' : 'disabled'})` : '',
  ].filter(Boolean);
  return [
    `${d.ataDevice ? 'ATA device' : 'not an ATA device (word 0 bit 15 set)'}${d.majorVersion ? `, ${d.majorVersion}` : ''}`,
    `  Model:        ${d.model}`,
    `  Serial:       ${d.serial}`,
    `  Firmware:     ${d.firmware}`,
    `  Capacity:     ${d.sectors} sectors (28-bit ${d.lba28Sectors}${d.lba48Sectors !== undefined ? `, 48-bit ${d.lba48Sectors}` : ''}), ${d.capacityBytes} bytes (${(d.capacityBytes / 1e9).toFixed(1)} GB)`,
    `  Sector size:  ${d.logicalSectorSize} bytes logical, ${d.physicalSectorSize} bytes physical`,
    `  WWN:          ${d.wwn ?? '-'}`,
    `  Rotation:     ${d.rotationRateText}; form factor ${d.formFactorName}`,
    `  SATA speed:   ${d.features.sataGbps !== undefined ? `${d.features.sataGbps} Gb/s` : '-'}`,
    `  Features:     ${features.join(', ') || '-'}`,
    `  Checksum:     ${d.checksum}`,
  ].join('\n');
}

function smartText(s: AtaSmartData): string {
  const rows = s.attributes.map(
    (a) =>
      `${String(a.id).padStart(3)} ${a.name.padEnd(24)} 0x${a.flags.toString(16).padStart(4, '0')}   ${String(a.current).padStart(3, '0')}   ${String(a.worst).padStart(3, '0')}   ${(a.prefailure ? 'Pre-fail' : 'Old_age').padEnd(8)} ${(a.online ? 'Always' : 'Offline').padEnd(8)} ${a.raw}`,
  );
  return [
    `SMART data structure revision ${s.revision}${s.checksumValid ? '' : ' (CHECKSUM WRONG)'}`,
    'ID# ATTRIBUTE_NAME           FLAG     VALUE WORST TYPE     UPDATED  RAW_VALUE',
    ...rows,
    `Self-test status: ${s.selfTestStatus}${s.selfTestStatus === 15 ? ` (in progress, ${s.selfTestPercentRemaining}% left)` : ''}; polling times: short ${s.shortSelfTestMinutes} min, extended ${s.extendedSelfTestMinutes} min, conveyance ${s.conveyanceSelfTestMinutes} min`,
  ].join('\n');
}

/** Runs `sat-identify`. */
export async function satIdentify(device: string | undefined, options: SatIdentifyOptions): Promise<number> {
  if (options.inhex !== undefined) {
    const bytes = inhexSector(options.inhex);
    if (options.smart) {
      const s = decodeAtaSmartData(bytes);
      emit({ json: s, raw: bytes, text: () => smartText(s) }, options);
    } else {
      const d = decodeAtaIdentifyDevice(bytes);
      emit({ json: d, raw: bytes, text: () => identifyText(d) }, options);
    }
    return 0;
  }
  if (device === undefined) throw new CliError('name the ATA disk device, or give --inhex FILE');
  return withDevice(device, options, async (session) => {
    if (options.smart) {
      const { data, decoded } = await runFlow(session, ataSmartDataFlow(flowOptions(session)));
      emit({ json: decoded, raw: data, text: () => smartText(decoded) }, options);
    } else {
      const { data, decoded } = await runFlow(session, ataIdentifyFlow(flowOptions(session)));
      emit({ json: decoded, raw: data, text: () => identifyText(decoded) }, options);
    }
    return 0;
  });
}
