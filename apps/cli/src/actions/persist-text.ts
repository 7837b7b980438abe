/** The text `sgio persist` prints for PERSISTENT RESERVE IN answers, in sg_persist's words. */
import type { PrCapabilitiesData, PrFullStatusData, PrReadKeysData, PrReadReservationData, TransportId } from '@sgio/struct';
import { prTypeName } from '@sgio/struct';

const hex = (n: number | bigint): string => `0x${n.toString(16)}`;

/** READ KEYS as sg_persist prints it. */
export function readKeysText(d: PrReadKeysData): string[] {
  const n = d.keys.length;
  if (n === 0) return [`  PR generation=${hex(d.generation)}, there are NO registered reservation keys`];
  return [`  PR generation=${hex(d.generation)}, ${n} registered reservation key${n === 1 ? '' : 's'} follow${n === 1 ? 's' : ''}:`, ...d.keys.map((k) => `    ${hex(k)}`)];
}

/** READ RESERVATION as sg_persist prints it. */
export function readReservationText(d: PrReadReservationData): string[] {
  const r = d.reservation;
  if (!r) return [`  PR generation=${hex(d.generation)}, there is NO reservation held`];
  return [`  PR generation=${hex(d.generation)}, Reservation follows:`, `    Key=${hex(r.key)}`, `    scope: ${r.scopeName},  type: ${r.typeName}`];
}

/** REPORT CAPABILITIES as sg_persist prints it. */
export function capabilitiesText(d: PrCapabilitiesData): string[] {
  const b = (v: boolean): number => (v ? 1 : 0);
  const lines = [
    'Report capabilities response:',
    `  Replace Lost Reservation Capable(RLR_C): ${b(d.replaceLostReservationCapable)}`,
    `  Compatible Reservation Handling(CRH): ${b(d.compatibleReservationHandling)}`,
    `  Specify Initiator Ports Capable(SIP_C): ${b(d.specifyInitiatorPortsCapable)}`,
    `  All Target Ports Capable(ATP_C): ${b(d.allTargetPortsCapable)}`,
    `  Persist Through Power Loss Capable(PTPL_C): ${b(d.persistThroughPowerLossCapable)}`,
    `  Type Mask Valid(TMV): ${b(d.typeMaskValid)}`,
    `  Allow Commands: ${d.allowCommands}`,
    `  Persist Through Power Loss Active(PTPL_A): ${b(d.persistThroughPowerLossActive)}`,
  ];
  if (d.typeMaskValid) {
    const m = d.typeMask;
    lines.push(
      '    Support indicated in Type mask:',
      `      ${prTypeName(7)}: ${b(m.writeExclusiveAllRegistrants)}`,
      `      ${prTypeName(6)}: ${b(m.exclusiveAccessRegistrantsOnly)}`,
      `      ${prTypeName(5)}: ${b(m.writeExclusiveRegistrantsOnly)}`,
      `      ${prTypeName(3)}: ${b(m.exclusiveAccess)}`,
      `      ${prTypeName(1)}: ${b(m.writeExclusive)}`,
      `      ${prTypeName(8)}: ${b(m.exclusiveAccessAllRegistrants)}`,
    );
  }
  return lines;
}

/** A TransportID in one line's words. */
export function transportIdText(t: TransportId): string {
  if (t.iscsiName !== undefined) return `iSCSI name and session id: ${t.iscsiName}`;
  if (t.protocolIdentifier === 6 && t.address) return `SAS address: 0x${t.address}`;
  if (t.protocolIdentifier === 0 && t.address) return `FCP-2 World Wide Name: 0x${t.address}`;
  return `protocol 0x${t.protocolIdentifier.toString(16)}: ${t.hex}`;
}

/** READ FULL STATUS as sg_persist prints it. */
export function fullStatusText(d: PrFullStatusData): string[] {
  const lines = [`  PR generation=${hex(d.generation)}`];
  for (const r of d.descriptors) {
    lines.push(`    Key=${hex(r.key)}`);
    if (r.allTargetPorts) lines.push('      All target ports bit set');
    else lines.push('      All target ports bit clear', `      Relative port address: ${hex(r.relativeTargetPortId)}`);
    if (r.reservationHolder) lines.push('      << Reservation holder >>', `      scope: ${r.scopeName},  type: ${r.typeName}`);
    else lines.push('      not reservation holder');
    lines.push('      Transport Id of initiator:', `        ${transportIdText(r.transportId)}`);
  }
  return lines;
}
