/**
 * Device helpers built on the public `SgDevice.execute`: what a vendor
 * library adds on top of its definitions.
 */
import type { SgDevice } from '@sgio/core';
import { logSense } from '@sgio/struct';
import { ACME_HEALTH_LOG_PAGE, decodeAcmeHealthLog, type AcmeHealthLog } from './acme-health-log.js';

/** Reads and decodes the ACME health log page with LOG SENSE. */
export async function readAcmeHealthLog(device: SgDevice): Promise<AcmeHealthLog> {
  const result = await device.execute(logSense, { pageCode: ACME_HEALTH_LOG_PAGE, allocationLength: 512 });
  return decodeAcmeHealthLog(result.data ?? new Uint8Array(0));
}
