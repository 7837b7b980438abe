/**
 * SES element type codes (SES-4 table 74) and their names, shared by every
 * SES page decoder and the enclosure control encoder.
 */

/** Element type codes of the Configuration page's type descriptor headers (SES-4). */
export const SES_ELEMENT_TYPE = {
  unspecified: 0x00,
  deviceSlot: 0x01,
  powerSupply: 0x02,
  cooling: 0x03,
  temperatureSensor: 0x04,
  door: 0x05,
  audibleAlarm: 0x06,
  enclosureServicesControllerElectronics: 0x07,
  sccControllerElectronics: 0x08,
  nonvolatileCache: 0x09,
  invalidOperationReason: 0x0a,
  uninterruptiblePowerSupply: 0x0b,
  display: 0x0c,
  keyPadEntry: 0x0d,
  enclosure: 0x0e,
  scsiPortTransceiver: 0x0f,
  language: 0x10,
  communicationPort: 0x11,
  voltageSensor: 0x12,
  currentSensor: 0x13,
  scsiTargetPort: 0x14,
  scsiInitiatorPort: 0x15,
  simpleSubenclosure: 0x16,
  arrayDeviceSlot: 0x17,
  sasExpander: 0x18,
  sasConnector: 0x19,
} as const;

const NAMES: readonly string[] = [
  'Unspecified',
  'Device slot',
  'Power supply',
  'Cooling',
  'Temperature sensor',
  'Door',
  'Audible alarm',
  'Enclosure services controller electronics',
  'SCC controller electronics',
  'Nonvolatile cache',
  'Invalid operation reason',
  'Uninterruptible power supply',
  'Display',
  'Key pad entry',
  'Enclosure',
  'SCSI port/transceiver',
  'Language',
  'Communication port',
  'Voltage sensor',
  'Current sensor',
  'SCSI target port',
  'SCSI initiator port',
  'Simple subenclosure',
  'Array device slot',
  'SAS expander',
  'SAS connector',
];

/** The name of an element type code (`vendor specific (0x80)` from 80h, `reserved (0x1a)` between). */
export function sesElementTypeName(code: number): string {
  const name = NAMES[code];
  if (name !== undefined) return name;
  return `${code >= 0x80 ? 'vendor specific' : 'reserved'} (0x${code.toString(16).padStart(2, '0')})`;
}

/**
 * Element types an Additional Element Status descriptor may describe
 * (SES-4 7.3.2): device and array device slots, SAS expanders, SCSI
 * initiator and target ports, enclosure services controller electronics.
 */
export function sesTypeHasAdditionalStatus(code: number): boolean {
  return (
    code === SES_ELEMENT_TYPE.deviceSlot ||
    code === SES_ELEMENT_TYPE.arrayDeviceSlot ||
    code === SES_ELEMENT_TYPE.sasExpander ||
    code === SES_ELEMENT_TYPE.scsiInitiatorPort ||
    code === SES_ELEMENT_TYPE.scsiTargetPort ||
    code === SES_ELEMENT_TYPE.enclosureServicesControllerElectronics
  );
}

/** SES diagnostic page codes this package decodes or encodes. */
export const SES_PAGE = {
  /** Supported Diagnostic Pages (SPC). */
  supportedPages: 0x00,
  /** Configuration. */
  configuration: 0x01,
  /** Enclosure Control (out) / Enclosure Status (in). */
  enclosureStatus: 0x02,
  /** String In (in) / String Out (out). */
  stringIn: 0x04,
  /** Threshold In (in) / Threshold Out (out). */
  thresholdIn: 0x05,
  /** Element Descriptor. */
  elementDescriptor: 0x07,
  /** Additional Element Status. */
  additionalElementStatus: 0x0a,
} as const;
