/**
 * `DeviceHealth` in the JSON shape of `smartctl -a -j` (smartmontools 7.3,
 * SCSI devices): the same key names, nesting and value rules, so a tool that
 * reads smartctl's JSON reads sgio's. Facts smartctl does not report go under
 * the one key `sgio` (camelCase, like the rest of sgio's JSON).
 */
import type { SelfTestResult } from '@sgio/struct';
import type { DeviceHealth } from './device-health.js';

/** JSON value (what {@link smartctlJson} builds). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** smartctl's names of peripheral device types (index: PDT). */
const DEVICE_TYPE_NAMES: readonly string[] = [
  'disk', 'tape', 'printer', 'processor', 'optical disk(4)', 'CD/DVD', 'scanner', 'optical disk(7)', 'medium changer', 'communications',
  'graphics(10)', 'graphics(11)', 'storage array', 'enclosure', 'simplified disk', 'optical card reader', 'reserved [0x10]', 'object based storage',
  'automation/driver interface', 'security manager device', 'host managed zoned block device', 'reserved [0x15]', 'reserved [0x16]', 'reserved [0x17]',
  'reserved [0x18]', 'reserved [0x19]', 'reserved [0x1a]', 'reserved [0x1b]', 'reserved [0x1c]', 'reserved [0x1d]', 'well known logical unit', 'unknown or no device type',
];

/** smartctl's names of transport protocols (index: protocol identifier). */
const TRANSPORT_NAMES: readonly string[] = [
  'Fibre channel (FCP-4)', 'Parallel SCSI (SPI-4)', 'SSA', 'IEEE 1394 (SBP-3)', 'RDMA (SRP)', 'iSCSI', 'SAS (SPL-4)', 'ADT', 'ATA (ACS-2)', 'UAS', 'SOP', 'PCIe',
  '0xc', '0xd', '0xe', 'None given [0xf]',
];

const FORM_FACTORS: Readonly<Record<number, string>> = { 1: '5.25', 2: '3.5', 3: '2.5', 4: '1.8', 5: '< 1.8' };

const SELF_TEST_CODES = ['Default', 'Background short', 'Background long', 'Reserved(3)', 'Abort background', 'Foreground short', 'Foreground long', 'Reserved(7)'];
const SELF_TEST_RESULTS = [
  'Completed', 'Aborted (by user command)', 'Aborted (device reset ?)', 'Unknown error, incomplete', 'Completed, segment failed',
  'Failed in first segment', 'Failed in second segment', 'Failed in segment', 'Reserved(8)', 'Reserved(9)', 'Reserved(10)', 'Reserved(11)',
  'Reserved(12)', 'Reserved(13)', 'Reserved(14)', 'Self test in progress ...',
];
const SENSE_KEYS = [
  'No Sense', 'Recovered Error', 'Not Ready', 'Medium Error', 'Hardware Error', 'Illegal Request', 'Unit Attention', 'Data Protect',
  'Blank Check', 'Vendor Specific', 'Copy Aborted', 'Aborted Command', 'Reserved', 'Volume Overflow', 'Miscompare', 'Completed',
];

const num = (v: bigint): number | string => (v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString());

function selfTestEntry(r: SelfTestResult): JsonObject {
  const e: JsonObject = { code: { value: r.selfTestCode, string: SELF_TEST_CODES[r.selfTestCode]! }, result: { value: r.selfTestResult, string: SELF_TEST_RESULTS[r.selfTestResult]! } };
  if (r.selfTestNumber > 0) e.failed_segment = { value: r.selfTestNumber, aka: 'self_test_number' };
  if (r.accumulatedPowerOnHours === 0 && r.selfTestResult === 15) e.self_test_in_progress = true;
  else e.power_on_time = { hours: r.accumulatedPowerOnHours, aka: 'accumulated_power_on_hours' };
  if (r.addressOfFirstFailure !== 0xffffffffffffffffn && r.selfTestResult > 0 && r.selfTestResult < 15) {
    e.lba_first_failure = { value: num(r.addressOfFirstFailure), aka: 'address_of_first_failure' };
  }
  if (r.senseKey !== 0) {
    e.sense_key = { value: r.senseKey, string: SENSE_KEYS[r.senseKey]! };
    e.asc = r.asc;
    e.ascq = r.ascq;
    e.vendor_specific = r.vendorSpecific;
  }
  return e;
}

/** JSON-safe copy: bigints become numbers (or strings beyond 2^53). */
function plain(value: unknown): JsonValue {
  if (typeof value === 'bigint') return num(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value as JsonValue;
}

/** Whether a health fact means SMART failure: an informational exception reported (smartctl's `smart_status.passed` false). */
export function smartPassed(health: DeviceHealth): boolean | null {
  if (health.informationalExceptions.text !== null) return false;
  return health.informationalExceptions.mode === null ? null : true;
}

/**
 * Builds smartctl's `-a -j` JSON (7.3, SCSI) from `health`. `devicePath` fills
 * `device.name`. smartctl's own metadata (`json_format_version`, `smartctl`,
 * `local_time`) is left out; extras are under `sgio`.
 */
export function smartctlJson(health: DeviceHealth, devicePath: string): JsonObject {
  const id = health.identity;
  const j: JsonObject = { device: { name: devicePath, info_name: devicePath, type: 'scsi', protocol: 'SCSI' } };
  j.scsi_vendor = id.vendor;
  j.scsi_product = id.product;
  j.scsi_model_name = `${id.vendor}${id.vendor && id.product ? ' ' : ''}${id.product}`;
  if (id.revision !== null) j.scsi_revision = id.revision;
  if (id.scsiVersion > 3) j.scsi_version = `SPC-${id.scsiVersion - 2}`;
  const isTape = id.peripheralType === 0x01 || id.peripheralType === 0x08;
  if (!isTape) {
    const cap = health.capacity;
    // smartctl takes LBPME/LBPRZ of READ CAPACITY(16) only when PROTECT or LBPPBE is set
    let lbpme = -1;
    let lbprz = -1;
    if (cap !== null && cap.bytes > 0n) {
      j.user_capacity = { blocks: num(cap.blocks), bytes: num(cap.bytes) };
      j.logical_block_size = cap.blockSize;
      const exp = cap.physicalBlockSize === undefined ? 0 : Math.log2(cap.physicalBlockSize / cap.blockSize);
      if (id.protect || exp > 0) {
        if (exp > 0) j.physical_block_size = cap.physicalBlockSize!;
        const type = cap.protection?.enabled ? cap.protection.type : 0;
        if (type > 0) {
          j.scsi_protection_type = type;
          const perLb = 2 ** (cap.protection?.intervalsExponent ?? 0);
          // smartctl 7.3 writes the protection type here (its bug, kept for equal output)
          if (perLb > 1) j.scsi_protection_intervals_per_lb = type;
          j.scsi_protection_interval_bytes_per_lb = 8 * perLb;
        }
        lbpme = cap.lbpme ? 1 : 0;
        lbprz = cap.lbprz ? 1 : 0;
      }
    }
    const prov = health.provisioning;
    if (prov !== null) {
      if (lbprz === -1 || !(prov.lbprz === 0 && lbprz === 1)) lbprz = prov.lbprz;
      const t = prov.provisioningType;
      const name = t === 0 ? (lbpme <= 0 ? 'fully provisioned' : 'not reported') : t === 1 ? 'resource provisioned' : t === 2 ? 'thin provisioned' : 'reserved';
      j.scsi_lb_provisioning = { name, value: t, management_enabled: { name: 'LBPME', value: lbpme }, read_zeros: { name: 'LBPRZ', value: lbprz } };
    }
    const rpm = id.rotationRate;
    if (rpm !== null && rpm >= 0) j.rotation_rate = rpm === 1 ? 0 : rpm;
    if (id.formFactor !== null && id.formFactor > 0) {
      const ff: JsonObject = { scsi_value: id.formFactor };
      const name = FORM_FACTORS[id.formFactor];
      if (name !== undefined) ff.name = `${name} inches`;
      j.form_factor = ff;
    }
    if (id.zoned === 1) j['scsi_Host aware zoned block capable'] = true;
    else if (id.zoned === 2) j['scsi_Device managed zoned block capable'] = true;
  }
  if (id.logicalUnitId !== null && id.logicalUnitId !== '') j.logical_unit_id = id.logicalUnitId;
  if (id.serialNumber !== null) j.serial_number = id.serialNumber;
  const dt: JsonObject = { scsi_terminology: 'Peripheral Device Type [PDT]', scsi_value: id.peripheralType };
  if (id.peripheralType < DEVICE_TYPE_NAMES.length) dt.name = DEVICE_TYPE_NAMES[id.peripheralType]!;
  j.device_type = dt;
  if (id.transportProtocol !== null) j.scsi_transport_protocol = { name: TRANSPORT_NAMES[id.transportProtocol]!, value: id.transportProtocol };

  const ie = health.informationalExceptions;
  if (ie.mode === null) {
    if (!isTape) j.smart_support = { available: false };
  } else {
    if (!isTape) j.smart_support = { available: true, enabled: !ie.mode.dexcpt };
    j.temperature_warning = { enabled: ie.mode.ewasc };
  }
  if (ie.text !== null) j.smart_status = { passed: false, scsi: { asc: ie.asc, ascq: ie.ascq, ie_string: ie.text } };
  else if (ie.mode !== null) j.smart_status = { passed: true };

  if (health.temperature === null) {
    // without the Temperature page smartctl reports the IE page's (current only when present)
    if (ie.temperature !== null) j.temperature = { current: ie.temperature };
  } else {
    const t: JsonObject = {};
    if (health.temperature.current !== null) t.current = health.temperature.current;
    if (health.temperature.trip !== null) t.drive_trip = health.temperature.trip;
    if (Object.keys(t).length > 0) j.temperature = t;
  }
  if (health.backgroundScan !== null) {
    const m = health.backgroundScan.accumulatedPowerOnMinutes;
    j.power_on_time = { hours: Math.floor(m / 60), minutes: m % 60 };
  }
  const ss = health.startStop;
  if (ss !== null) {
    const o: JsonObject = {};
    if (ss.dateOfManufacture !== null) {
      o.year_of_manufacture = ss.dateOfManufacture.year;
      o.week_of_manufacture = ss.dateOfManufacture.week;
    }
    const put = (name: string, v: number | null): void => {
      if (v !== null && v !== 0xffffffff) o[name] = v;
    };
    put('Specified cycle count over device lifetime', ss.specifiedCycleCountOverDeviceLifetime);
    put('Accumulated start-stop cycles', ss.accumulatedStartStopCycles);
    put('Specified load-unload count over device lifetime', ss.specifiedLoadUnloadCountOverDeviceLifetime);
    put('Accumulated load-unload cycles', ss.accumulatedLoadUnloadCycles);
    if (Object.keys(o).length > 0) j.scsi_start_stop_cycle_counter = o;
  }
  const gd = health.grownDefects;
  if (gd !== null && gd.count !== null) j.scsi_grown_defect_list = gd.count;

  const ec = health.errorCounters;
  const verifyCounts = ec.verify !== null && [ec.verify.correctedWithoutDelay, ec.verify.correctedWithDelay, ec.verify.totalRereadsOrRewrites, ec.verify.totalErrorsCorrected, ec.verify.correctionAlgorithmInvocations, ec.verify.totalBytesProcessed, ec.verify.totalUncorrectedErrors].some((v) => v !== null && v !== 0n);
  const counters: JsonObject = {};
  for (const [name, p] of [['read', ec.read], ['write', ec.write], ['verify', verifyCounts ? ec.verify : null]] as const) {
    if (p === null) continue;
    const c = (v: bigint | null): number | string => num(v ?? 0n);
    counters[name] = {
      errors_corrected_by_eccfast: c(p.correctedWithoutDelay),
      errors_corrected_by_eccdelayed: c(p.correctedWithDelay),
      errors_corrected_by_rereads_rewrites: c(p.totalRereadsOrRewrites),
      total_errors_corrected: c(p.totalErrorsCorrected),
      correction_algorithm_invocations: c(p.correctionAlgorithmInvocations),
      gigabytes_processed: (Number(p.totalBytesProcessed ?? 0n) / 1e9).toFixed(3),
      total_uncorrected_errors: c(p.totalUncorrectedErrors),
    };
  }
  if (Object.keys(counters).length > 0) j.scsi_error_counter_log = counters;
  const pd = health.pendingDefects;
  if (pd !== null) {
    const o: JsonObject = {};
    if (pd.count !== null) o.count = pd.count;
    for (const d of pd.defects) o[String(d.parameterCode)] = { LBA: num(d.lba), accum_power_on_hours: d.accumulatedPowerOnHours };
    j.scsi_pending_defects = o;
  }
  const st = health.selfTests;
  if (st !== null) {
    st.results.forEach((r, k) => {
      j[`scsi_self_test_${k}`] = selfTestEntry(r);
    });
    if (st.results.length > 0 && st.extendedSelfTestSeconds !== null) j.scsi_extended_self_test_seconds = st.extendedSelfTestSeconds;
  }
  if (health.enduranceUsedPercent !== null) j['scsi_Percentage used endurance indicator'] = health.enduranceUsedPercent;
  const fs = health.formatStatus;
  if (fs !== null) {
    const o: JsonObject = {};
    const put = (name: string, v: bigint | null): void => {
      if (v !== null) o[name] = num(v);
    };
    put('grown_defects_during_cert', fs.grownDefectsDuringCertification);
    put('blocks_reassigned_during_format', fs.totalBlocksReassignedDuringFormat);
    put('total_new_block_since_format', fs.totalNewBlocksReassigned);
    put('power_on_minutes_since_format', fs.powerOnMinutesSinceFormat);
    if (Object.keys(o).length > 0) j.scsi_format_status = o;
  }

  j.sgio = plain({
    informationalExceptions: ie,
    nonMediumErrors: health.nonMediumErrors,
    environment: health.environment,
    backgroundScan: health.backgroundScan,
    grownDefects: health.grownDefects,
    pendingDefects: health.pendingDefects,
    errorCounters: { read: ec.read !== null, write: ec.write !== null, verify: ec.verify !== null },
    globalLoggingTargetSaveDisabled: health.globalLoggingTargetSaveDisabled,
    supportedLogPages: health.supportedLogPages,
    unsupported: health.gaps,
  });
  return j;
}
