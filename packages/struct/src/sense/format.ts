/**
 * Human-readable renderings of decoded sense data, in the spirit of
 * sg3_utils' `sg_decode_sense`.
 *
 * @packageDocumentation
 */

import { ascText } from '../tables/asc-ascq.js';
import { senseKeyName } from '../tables/sense-keys.js';
import { scsiStatusName } from '../status/scsi-status.js';
import type { SenseData, SenseDescriptor, SenseKeySpecific } from './types.js';

/** Options of {@link formatSense}. */
export interface FormatSenseOptions {
  /** One line per item, like `sg_decode_sense` (default: a single line). */
  readonly multiLine?: boolean;
  /** Prefix of every line in multi-line output (default `''`). */
  readonly indent?: string;
}

const hex = (n: number, width = 2): string => `0x${n.toString(16).padStart(width, '0')}`;
const hex64 = (n: bigint): string => `0x${n.toString(16).padStart(16, '0')}`;
const percent = (fraction: number): string => `${(fraction * 100).toFixed(2)}%`;

function hexBytes(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
}

/** One-line rendering of a sense key specific field, e.g. `"Error in command: byte 2 bit 4"`. */
export function formatSenseKeySpecific(sks: SenseKeySpecific): string {
  switch (sks.kind) {
    case 'field-pointer':
      return (
        `Error in ${sks.cd ? 'command' : 'parameter data'}: byte ${sks.fieldPointer}` +
        (sks.bpv ? ` bit ${sks.bitPointer}` : '')
      );
    case 'progress':
      return `Progress indication: ${percent(sks.fraction)}`;
    case 'retry-count':
      return `Actual retry count: ${sks.actualRetryCount}`;
    case 'segment-pointer':
      return (
        `Segment pointer: relative to start of ${sks.sd ? 'segment descriptor' : 'parameter list'}, ` +
        `byte ${sks.fieldPointer}${sks.bpv ? ` bit ${sks.bitPointer}` : ''}`
      );
    case 'unit-attention-queue':
      return `Unit attention condition queue: overflow ${sks.overflow ? 'set' : 'clear'}`;
    case 'other':
      return `Sense key specific: ${hex(sks.raw, 6)}`;
  }
}

const ACCESS_STATES: Readonly<Record<number, string>> = {
  0: 'active/optimized',
  1: 'active/non optimized',
  2: 'standby',
  3: 'unavailable',
  0xe: 'offline',
  0xf: 'transitioning',
};

/** Lines describing one descriptor (the first line names it). */
export function formatSenseDescriptor(d: SenseDescriptor): string[] {
  switch (d.type) {
    case 'information':
      return [`Information: ${hex64(d.information)}${d.valid ? '' : ' (VALID=0, vendor specific)'}`];
    case 'command-specific':
      return [`Command specific: ${hex64(d.commandSpecific)}`];
    case 'sense-key-specific':
      return [
        d.senseKeySpecific === undefined
          ? 'Sense key specific: not valid (SKSV=0)'
          : `Sense key specific: ${formatSenseKeySpecific(d.senseKeySpecific)}`,
      ];
    case 'fru':
      return [`Field replaceable unit code: ${hex(d.fru)}`];
    case 'stream-commands': {
      const bits = [d.filemark && 'FILEMARK', d.eom && 'EOM', d.ili && 'ILI'].filter(Boolean);
      return [`Stream commands: ${bits.length > 0 ? bits.join(' ') : 'no bits set'}`];
    }
    case 'block-commands':
      return [`Block commands: ILI ${d.ili ? 'set' : 'clear'}`];
    case 'osd-object-identification':
      return [
        'OSD object identification:',
        `  not initiated commands=${hex(d.notInitiatedCommands, 8)} completed commands=${hex(d.completedCommands, 8)}`,
        `  partition id=${hex64(d.partitionId)} object id=${hex64(d.objectId)}`,
      ];
    case 'osd-response-integrity-check':
      return ['OSD response integrity check value:', `  ${hexBytes(d.integrityCheckValue)}`];
    case 'osd-attribute-identification':
      return [
        'OSD attribute identification:',
        ...d.attributes.map((a) => `  page=${hex(a.page, 8)} number=${hex(a.number, 8)}`),
      ];
    case 'ata-status-return':
      return [
        `ATA status return: extend=${d.extend ? 1 : 0} error=${hex(d.error)} count=${hex(d.count)}` +
          ` lba=${hex(d.lba, d.extend ? 12 : 6)} device=${hex(d.device)} status=${hex(d.status)}`,
      ];
    case 'progress-indication':
      return [
        `Another progress indication: ${percent(d.fraction)} ` +
          `[${senseKeyName(d.senseKey)}: ${ascText(d.asc, d.ascq)}]`,
      ];
    case 'user-data-segment-referral':
      return [
        `User data segment referral: ${d.segments.length} segment(s)${d.notAllReferrals ? ', not all referrals listed' : ''}`,
        ...d.segments.flatMap((s, i) => [
          `  segment ${i + 1}: LBA ${hex64(s.firstLba)} to ${hex64(s.lastLba)}`,
          ...s.targetPortGroups.map(
            (t) =>
              `    target port group ${t.targetPortGroup}: ${ACCESS_STATES[t.asymmetricAccessState] ?? `state ${t.asymmetricAccessState}`}`,
          ),
        ]),
      ];
    case 'forwarded-sense': {
      const head =
        `Forwarded sense data: from the extended copy ${d.senseDataSource === 0 ? 'source' : d.senseDataSource === 1 ? 'destination' : `device ${hex(d.senseDataSource, 1)}`}, ` +
        `status ${scsiStatusName(d.forwardedStatus)}${d.fsdt ? ', truncated (FSDT)' : ''}`;
      const inner =
        d.decoded === undefined
          ? d.forwardedSense.length > 0
            ? [`  ${hexBytes(d.forwardedSense)}`]
            : []
          : formatSense(d.decoded, { multiLine: true, indent: '  ' }).split('\n');
      return [head, ...inner];
    }
    case 'direct-access-block-device':
      return [
        'Direct-access block device:',
        `  valid=${d.valid ? 1 : 0} ili=${d.ili ? 1 : 0} fru=${hex(d.fru)}`,
        ...(d.senseKeySpecific === undefined ? [] : [`  ${formatSenseKeySpecific(d.senseKeySpecific)}`]),
        `  information=${hex64(d.information)} command specific=${hex64(d.commandSpecific)}`,
      ];
    case 'device-designation':
      return [
        `Device designation: usage reason ${d.usageReason}, designator type ${d.designation.designatorType}, ` +
          `code set ${d.designation.codeSet}: ${hexBytes(d.designation.designator)}`,
      ];
    case 'microcode-activation':
      return [`Microcode activation time: ${d.activationTime} seconds`];
    case 'vendor-specific':
    case 'reserved':
      return [
        `${d.type === 'vendor-specific' ? 'Vendor specific' : 'Reserved'} descriptor [${hex(d.descriptorType)}]: ${hexBytes(d.data)}`,
      ];
  }
}

function oneLine(s: SenseData): string {
  const parts = [`${s.senseKeyName}: ${s.ascText}`];
  const codes = s.ascPresent ? `[sk=${hex(s.senseKey, 1)} asc=${hex(s.asc)} ascq=${hex(s.ascq)}]` : `[sk=${hex(s.senseKey, 1)}]`;
  parts[0] += ` ${codes}`;
  if (!s.current) parts.push('deferred');
  if (s.information !== undefined && (s.valid || s.information !== 0n)) {
    parts.push(`info=0x${s.information.toString(16)}${s.valid ? '' : ' (not valid)'}`);
  }
  if (s.senseKeySpecific !== undefined) parts.push(formatSenseKeySpecific(s.senseKeySpecific));
  for (const d of s.descriptors) {
    if (d.type === 'progress-indication') parts.push(`progress ${percent(d.fraction)}`);
  }
  if (s.truncated) parts.push('truncated');
  return parts.join('; ');
}

/**
 * Renders decoded sense data as one line (default), e.g.
 * `Illegal Request: Invalid field in cdb [sk=0x5 asc=0x24 ascq=0x00]; Error in command: byte 2`,
 * or as several lines (`multiLine: true`) listing every field and descriptor,
 * like `sg_decode_sense`.
 */
export function formatSense(sense: SenseData, options: FormatSenseOptions = {}): string {
  if (options.multiLine !== true) return oneLine(sense);
  const lines: string[] = [];
  lines.push(
    `${sense.format === 'fixed' ? 'Fixed' : 'Descriptor'} format, ${sense.current ? 'current' : 'deferred'}; ` +
      `Sense key: ${sense.senseKeyName}`,
  );
  if (sense.sdatOverflow) lines.push('Sense data overflow (SDAT_OVFL)');
  lines.push(
    sense.ascPresent
      ? `Additional sense: ${sense.ascText} (asc=${hex(sense.asc)} ascq=${hex(sense.ascq)})`
      : sense.ascText,
  );
  if (sense.format === 'fixed') {
    if (sense.information !== undefined && (sense.valid || sense.information !== 0n)) {
      lines.push(`  Information: 0x${sense.information.toString(16)} [${sense.information}]${sense.valid ? '' : ' (VALID=0)'}`);
    }
    if (sense.commandSpecific !== undefined && sense.commandSpecific !== 0n) {
      lines.push(`  Command specific: 0x${sense.commandSpecific.toString(16)}`);
    }
    const bits = [sense.filemark && 'FILEMARK', sense.eom && 'EOM', sense.ili && 'ILI'].filter(Boolean);
    if (bits.length > 0) lines.push(`  ${bits.join(' ')}`);
    if (sense.fru !== undefined) lines.push(`  Field replaceable unit code: ${hex(sense.fru)}`);
    if (sense.senseKeySpecific !== undefined) lines.push(`  ${formatSenseKeySpecific(sense.senseKeySpecific)}`);
    if (sense.additionalBytes !== undefined && sense.additionalBytes.length > 0) {
      lines.push(`  Additional sense bytes: ${hexBytes(sense.additionalBytes)}`);
    }
  } else {
    for (const d of sense.descriptors) {
      const [first = '', ...rest] = formatSenseDescriptor(d);
      lines.push(`  Descriptor: ${first}`, ...rest.map((l) => `    ${l}`));
    }
  }
  if (sense.truncated) lines.push(`  (truncated: ${sense.length} bytes given, more declared)`);
  const indent = options.indent ?? '';
  return lines.map((l) => indent + l).join('\n');
}
