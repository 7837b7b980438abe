/** Device health: `readHealth()` and its smartctl-compatible JSON. */
export { readHealth, type HealthOptions } from './read-health.js';
export type { DeviceHealth, HealthGap, HealthIdentity, HealthInformationalExceptions, HealthProvisioning, HealthSelfTests } from './device-health.js';
export { smartctlJson, smartPassed, type JsonObject, type JsonValue } from './smartctl-json.js';
export { informationalExceptionText, IE_ASC_FAILURE_PREDICTION, IE_ASC_WARNING } from './ie-text.js';
