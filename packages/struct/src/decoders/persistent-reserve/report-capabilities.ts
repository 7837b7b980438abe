/** PERSISTENT RESERVE IN, REPORT CAPABILITIES parameter data (SPC-6 6.16.4). */
import { checkInput, readUint } from '../bytes.js';

/** Which reservation types the device supports (the PERSISTENT RESERVATION TYPE MASK). */
export interface PrTypeMask {
  /** Write Exclusive, all registrants (WR_EX_AR). */
  readonly writeExclusiveAllRegistrants: boolean;
  /** Exclusive Access, registrants only (EX_AC_RO). */
  readonly exclusiveAccessRegistrantsOnly: boolean;
  /** Write Exclusive, registrants only (WR_EX_RO). */
  readonly writeExclusiveRegistrantsOnly: boolean;
  /** Exclusive Access (EX_AC). */
  readonly exclusiveAccess: boolean;
  /** Write Exclusive (WR_EX). */
  readonly writeExclusive: boolean;
  /** Exclusive Access, all registrants (EX_AC_AR). */
  readonly exclusiveAccessAllRegistrants: boolean;
}

/** Decoded REPORT CAPABILITIES data. */
export interface PrCapabilitiesData {
  /** LENGTH (8). */
  readonly length: number;
  /** RLR_C: REPLACE LOST RESERVATION supported. */
  readonly replaceLostReservationCapable: boolean;
  /** CRH: compatible reservation handling (RESERVE/RELEASE(6/10) beside persistent reservations). */
  readonly compatibleReservationHandling: boolean;
  /** SIP_C: SPEC_I_PT (registering other initiator ports) supported. */
  readonly specifyInitiatorPortsCapable: boolean;
  /** ATP_C: ALL_TG_PT (registering through every target port) supported. */
  readonly allTargetPortsCapable: boolean;
  /** PTPL_C: persist through power loss (APTPL) supported. */
  readonly persistThroughPowerLossCapable: boolean;
  /** TMV: the type mask is valid. */
  readonly typeMaskValid: boolean;
  /** ALLOW COMMANDS (0..7): which commands a Write Exclusive reservation still allows. */
  readonly allowCommands: number;
  /** PTPL_A: persist through power loss is active (the last REGISTER set APTPL). */
  readonly persistThroughPowerLossActive: boolean;
  /** The types the device supports (meaningful when `typeMaskValid`). */
  readonly typeMask: PrTypeMask;
}

/** Decodes REPORT CAPABILITIES parameter data (8 bytes). @throws {@link DecodeError} on fewer than 8. */
export function decodePrCapabilities(bytes: Uint8Array): PrCapabilitiesData {
  checkInput(bytes, 'PERSISTENT RESERVE IN (REPORT CAPABILITIES)', 8);
  const b2 = bytes[2]!;
  const b3 = bytes[3]!;
  const m4 = bytes[4]!;
  const m5 = bytes[5]!;
  return {
    length: readUint(bytes, 0, 2),
    replaceLostReservationCapable: (b2 & 0x80) !== 0,
    compatibleReservationHandling: (b2 & 0x10) !== 0,
    specifyInitiatorPortsCapable: (b2 & 0x08) !== 0,
    allTargetPortsCapable: (b2 & 0x04) !== 0,
    persistThroughPowerLossCapable: (b2 & 0x01) !== 0,
    typeMaskValid: (b3 & 0x80) !== 0,
    allowCommands: (b3 >> 4) & 0x07,
    persistThroughPowerLossActive: (b3 & 0x01) !== 0,
    typeMask: {
      writeExclusiveAllRegistrants: (m4 & 0x80) !== 0,
      exclusiveAccessRegistrantsOnly: (m4 & 0x40) !== 0,
      writeExclusiveRegistrantsOnly: (m4 & 0x20) !== 0,
      exclusiveAccess: (m4 & 0x08) !== 0,
      writeExclusive: (m4 & 0x02) !== 0,
      exclusiveAccessAllRegistrants: (m5 & 0x01) !== 0,
    },
  };
}
