/**
 * ATA data structures read through ATA PASS-THROUGH: IDENTIFY DEVICE and the
 * SMART data structure, with the word and string helpers they share.
 *
 * @packageDocumentation
 */
export { ataWord, ataWords, ataString, ataChecksumOk } from './ata-words.js';
export { decodeAtaIdentifyDevice, type AtaIdentifyDevice, type AtaFeatures } from './identify-device.js';
export { decodeAtaSmartData, type AtaSmartData, type SmartAttribute } from './smart-data.js';
export { smartAttributeName } from './smart-attribute-names.js';
