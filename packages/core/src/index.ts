/**
 * @sgio/core — drive SCSI devices through the Linux sg driver.
 *
 * @packageDocumentation
 */
export { listDevices, parseHctl, sgNodeForBlockDevice, type ListDevicesOptions, type SgDeviceInfo } from './discovery/list-devices.js';
