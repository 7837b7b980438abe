/** PERSISTENT RESERVE IN parameter data decoders, TransportIDs and reservation type names. */
export { decodePrReadKeys, type PrReadKeysData } from './read-keys.js';
export { decodePrReadReservation, type PrReadReservationData, type PrReservation } from './read-reservation.js';
export { decodePrCapabilities, type PrCapabilitiesData, type PrTypeMask } from './report-capabilities.js';
export { decodePrFullStatus, type PrFullStatusData, type PrFullStatusDescriptor } from './read-full-status.js';
export { PROTOCOL_IDENTIFIER, decodeTransportId, encodeTransportId, type TransportId, type TransportIdInput, type AddressTransportIdInput, type IscsiTransportIdInput } from './transport-id.js';
export { prTypeName, prScopeName } from './pr-type.js';
