/**
 * `readHealth(device)`: identity, capacity, SMART (informational
 * exceptions), temperatures, counters, self-tests and defects, read with the
 * flows and decoded through the decoder registry. The commands and their
 * order follow smartctl 7.3's `-a` on SCSI devices, so its answers can be
 * compared key for key; a page the device does not list is not asked for.
 */
import {
  type BackgroundScanResultsLogPage,
  type ControlModePage,
  decodeGrownDefectListHeader,
  type DecoderRegistry,
  type Designator,
  type DeviceIdentificationVpdPage,
  type EnvironmentalReportingLogPage,
  type ErrorCounterLogPage,
  type FormatStatusLogPage,
  type GenericModePage,
  type GrownDefectListHeader,
  type InformationalExceptionsLogPage,
  type InformationalExceptionsModePage,
  type LogPageId,
  type NonMediumErrorLogPage,
  type PendingDefectsLogPage,
  readDefectData10,
  readDefectData12,
  type SelfTestResultsLogPage,
  SenseKey,
  type SolidStateMediaLogPage,
  standardDecoders,
  type StartStopCycleLogPage,
  type SupportedLogPages,
  type SupportedLogPagesAndSubpages,
  type TemperatureLogPage,
} from '@sgio/struct';
import { commandOptions, type CommandOptions } from '../commands/command-options.js';
import { CheckConditionError } from '../errors/scsi-errors.js';
import { runFlowAsync, type CommandFlow, type Executor } from '../flows/command-step.js';
import { dataOf } from '../flows/fetch-whole.js';
import { inquiryFlow, requestSenseFlow, vpdFlow } from '../flows/identify-flows.js';
import { readCapacityFlow } from '../flows/capacity-flow.js';
import { logSenseFlow, modeSenseFlow } from '../flows/page-flows.js';
import type { DeviceHealth, HealthGap, HealthIdentity, HealthInformationalExceptions, HealthProvisioning } from './device-health.js';
import { IE_ASC_FAILURE_PREDICTION, IE_ASC_WARNING, informationalExceptionText } from './ie-text.js';

/** Options of {@link readHealth}. */
export interface HealthOptions extends CommandOptions {
  /** Decoders for the pages (default: the standard ones; a pack's may replace none of the health pages). */
  readonly decoders?: DecoderRegistry<unknown, unknown, unknown>;
}

/** True when the device refuses a command or a page as not supported (ILLEGAL REQUEST). */
function isRefusal(e: unknown): boolean {
  return e instanceof CheckConditionError && e.senseKey === SenseKey.ILLEGAL_REQUEST;
}

const trimmed = (s: string): string => s.replace(/\0/g, '').trim();

/** smartctl's logical unit id: the LU-associated EUI-64, NAA or SCSI name string designator. */
function logicalUnitId(designators: readonly Designator[]): string | null {
  let id: string | null = null;
  let haveName = false;
  for (const d of designators) {
    if (d.association !== 'lu') continue;
    if (d.designatorTypeCode === 2 || d.designatorTypeCode === 3) {
      id = `0x${d.hex}`;
      haveName = false;
    } else if (d.designatorTypeCode === 8 && id === null && !haveName) {
      id = d.text ?? null;
      haveName = id !== null;
    }
  }
  return id;
}

/** The protocol of the first target-port/device designator with PIV set. */
function designatorProtocol(designators: readonly Designator[]): number | null {
  const d = designators.find((x) => x.association !== 'lu' && x.piv);
  return d === undefined ? null : d.protocolIdentifier;
}

/** Bytes of a generic mode page (page header included) from its hex body. */
function genericPageBytes(page: GenericModePage): Uint8Array {
  const body = page.dataHex.match(/../g)?.map((h) => parseInt(h, 16)) ?? [];
  return Uint8Array.from([page.pageCode, body.length, ...body]);
}

/**
 * Reads the health of a device: every fact the issue lists, each only when
 * the device reports it; `gaps` says what it did not give. Commands run one
 * after another (about 20 on a disk that lists every page); a refused page
 * or command is a gap, not an error. Errors other than ILLEGAL REQUEST of the
 * first INQUIRY are thrown.
 */
export async function readHealth(device: Executor, options: HealthOptions = {}): Promise<DeviceHealth> {
  const exec = commandOptions(options);
  const decoders = options.decoders ?? (standardDecoders);
  const gaps: HealthGap[] = [];
  const attempt = async <T>(fact: string, flow: CommandFlow<T>): Promise<T | null> => {
    try {
      return await runFlowAsync(device, flow);
    } catch (e) {
      gaps.push({ fact, reason: isRefusal(e) ? 'unsupported' : e instanceof Error ? e.message : String(e) });
      return null;
    }
  };

  const inquiry = (await runFlowAsync(device, inquiryFlow(exec))).decoded;
  const deviceType = inquiry.peripheralDeviceType;
  const page = { ...exec, decoders, deviceType };
  const isTape = deviceType === 0x01 || deviceType === 0x08;
  const isDisk = deviceType === 0x00 || deviceType === 0x14;

  const vpdList = await attempt('vpd-pages', vpdFlow(0x00, page));
  const vpdPages = vpdList !== null && 'supportedPages' in (vpdList.decoded as object) ? ((vpdList.decoded as { supportedPages: unknown }).supportedPages as number[]) : [];
  const vpd = async <T>(code: number, fact: string): Promise<T | null> => {
    if (!vpdPages.includes(code)) {
      gaps.push({ fact, reason: 'unsupported' });
      return null;
    }
    return ((await attempt(fact, vpdFlow(code, page)))?.decoded as T | undefined) ?? null;
  };

  const capacity = isTape ? null : ((await attempt('capacity', readCapacityFlow({ ...exec, detailed: true })))?.decoded ?? null);
  const lbp = isTape ? null : await vpd<{ provisioningType: number; lbprz: number; lbpu: boolean; lbpws: boolean }>(0xb2, 'provisioning');
  const provisioning: HealthProvisioning | null = lbp === null ? null : { provisioningType: lbp.provisioningType, lbprz: lbp.lbprz, lbpu: lbp.lbpu, lbpws: lbp.lbpws };
  const bdc = isTape ? null : await vpd<{ mediumRotationRate: number; nominalFormFactor: number; zoned: number }>(0xb1, 'block-device-characteristics');
  let rotationRate: number | null = bdc?.mediumRotationRate ?? null;
  if (bdc === null && !isTape) {
    const geometry = await attempt('rotation-rate', modeSenseFlow(0x04, { ...page, pageControl: 'default' }));
    const p = geometry?.decoded.pages.find((x) => (x as GenericModePage).pageCode === 0x04) as GenericModePage | undefined;
    const bytes = p === undefined ? undefined : genericPageBytes(p);
    rotationRate = bytes !== undefined && bytes.length >= 22 ? (bytes[20]! << 8) | bytes[21]! : null;
  }

  const ieMode = await attempt('informational-exceptions-mode-page', modeSenseFlow(0x1c, page));
  const iePage = (ieMode?.decoded.pages.find((x) => (x as { pageCode: number }).pageCode === 0x1c) ?? null) as InformationalExceptionsModePage | null;

  const devId = await vpd<DeviceIdentificationVpdPage>(0x83, 'device-identification');
  const serial = await vpd<{ serialNumber: string }>(0x80, 'serial-number');
  let transportProtocol = devId === null ? null : designatorProtocol(devId.designators);
  if (transportProtocol === null) {
    const port = await attempt('transport-protocol', modeSenseFlow(0x19, page));
    const p = port?.decoded.pages.find((x) => (x as { pageCode: number; spf?: boolean }).pageCode === 0x19 && !(x as { spf?: boolean }).spf) as GenericModePage | undefined;
    const bytes = p === undefined || !('dataHex' in p) ? undefined : genericPageBytes(p);
    transportProtocol = bytes !== undefined && bytes[1]! > 1 ? bytes[2]! & 0x0f : null;
  }

  const identity: HealthIdentity = {
    vendor: trimmed(inquiry.vendorId),
    product: trimmed(inquiry.productId),
    revision: inquiry.declaredLength >= 33 && trimmed(inquiry.productRevision) !== '' ? trimmed(inquiry.productRevision) : null,
    scsiVersion: inquiry.version & 0x07,
    peripheralType: deviceType,
    protect: inquiry.protect,
    serialNumber: serial === null ? null : trimmed(serial.serialNumber),
    logicalUnitId: devId === null ? null : logicalUnitId(devId.designators),
    transportProtocol,
    formFactor: bdc?.nominalFormFactor ?? null,
    rotationRate,
    zoned: bdc?.zoned ?? null,
  };

  // the log pages the device lists: only those are asked for
  const listed = await attempt('log-subpage-list', logSenseFlow(0x00, { ...page, subpage: 0xff }));
  let supportedLogPages: LogPageId[] = [];
  if (listed !== null && 'supportedPages' in (listed.decoded as object)) {
    supportedLogPages = (listed.decoded as SupportedLogPagesAndSubpages).supportedPages;
  } else {
    const plain = await attempt('log-pages', logSenseFlow(0x00, page));
    if (plain !== null && 'supportedPages' in (plain.decoded as object)) supportedLogPages = (plain.decoded as SupportedLogPages).supportedPages.map((p) => ({ pageCode: p, subpageCode: 0 }));
  }
  const has = (code: number, sub = 0): boolean => supportedLogPages.some((p) => p.pageCode === code && p.subpageCode === sub);
  const log = async <T>(code: number, sub: number, fact: string): Promise<T | null> => {
    if (!has(code, sub)) {
      gaps.push({ fact, reason: 'unsupported' });
      return null;
    }
    return ((await attempt(fact, logSenseFlow(code, { ...page, subpage: sub })))?.decoded as T | undefined) ?? null;
  };

  // SMART: the IE log page's ASC/ASCQ, REQUEST SENSE when it says none (MRIE 6)
  const ieLog = await log<InformationalExceptionsLogPage>(0x2f, 0, 'informational-exceptions-log-page');
  let asc = ieLog?.ieAsc ?? 0;
  let ascq = ieLog?.ieAscq ?? 0;
  let source: HealthInformationalExceptions['source'] = ieLog !== null && ieLog.ieAsc !== null ? 'log-page' : null;
  if (asc === 0) {
    const sense = await attempt('request-sense', requestSenseFlow(exec));
    if (sense !== null) {
      asc = sense.decoded?.asc ?? 0;
      ascq = sense.decoded?.ascq ?? 0;
      source = 'request-sense';
    }
  }
  const informationalExceptions: HealthInformationalExceptions = {
    mode: iePage === null ? null : { dexcpt: iePage.dexcpt, ewasc: iePage.ewasc, test: iePage.test, mrie: iePage.mrie, perf: iePage.perf, logerr: iePage.logerr },
    source,
    asc,
    ascq,
    text: informationalExceptionText(asc, ascq),
    failing: asc === IE_ASC_FAILURE_PREDICTION || asc === IE_ASC_WARNING,
    temperature: ieLog?.mostRecentTemperature ?? null,
  };

  const temp = await log<TemperatureLogPage>(0x0d, 0, 'temperature');
  const env = has(0x0d, 1) ? await log<EnvironmentalReportingLogPage>(0x0d, 1, 'environmental-reporting') : null;
  const bgScan = isDisk ? await log<BackgroundScanResultsLogPage>(0x15, 0, 'background-scan') : null;
  const startStop = await log<StartStopCycleLogPage>(0x0e, 0, 'start-stop-cycles');
  const grownDefects = isDisk ? await readGrownDefects(device, exec, gaps) : null;
  const read = await log<ErrorCounterLogPage>(0x03, 0, 'read-error-counters');
  const write = await log<ErrorCounterLogPage>(0x02, 0, 'write-error-counters');
  const verify = await log<ErrorCounterLogPage>(0x05, 0, 'verify-error-counters');
  const nonMedium = await log<NonMediumErrorLogPage>(0x06, 0, 'non-medium-errors');
  const pending = isDisk && has(0x15, 1) ? await log<PendingDefectsLogPage>(0x15, 1, 'pending-defects') : null;
  const control = await attempt('control-mode-page', modeSenseFlow(0x0a, page));
  const controlPage = (control?.decoded.pages.find((x) => (x as { pageCode: number }).pageCode === 0x0a) ?? null) as ControlModePage | null;
  const selfTest = await log<SelfTestResultsLogPage>(0x10, 0, 'self-tests');
  const ssm = isDisk ? await log<SolidStateMediaLogPage>(0x11, 0, 'solid-state-media') : null;
  const format = isDisk ? await log<FormatStatusLogPage>(0x08, 0, 'format-status') : null;

  return {
    identity,
    capacity,
    provisioning,
    informationalExceptions,
    temperature: temp === null ? null : { current: temp.currentTemperature, trip: temp.referenceTemperature },
    environment: env?.reports ?? null,
    startStop,
    errorCounters: { read, write, verify },
    nonMediumErrors: nonMedium?.nonMediumErrorCount ?? null,
    selfTests: selfTest === null ? null : { results: selfTest.results.filter((r) => !r.empty), extendedSelfTestSeconds: controlPage === null || controlPage.extendedSelfTestCompletionTime === 0 ? null : controlPage.extendedSelfTestCompletionTime },
    backgroundScan: bgScan?.scanStatus ?? null,
    grownDefects,
    pendingDefects: pending === null ? null : { count: pending.pendingDefectCount, defects: pending.defects },
    formatStatus: format,
    enduranceUsedPercent: ssm?.percentageUsedEnduranceIndicator ?? null,
    globalLoggingTargetSaveDisabled: controlPage?.gltsd ?? null,
    supportedLogPages,
    gaps,
  };
}

/** READ DEFECT DATA(12), else (10): the grown list's header (smartctl asks format 4, bytes from index). */
async function readGrownDefects(device: Executor, exec: CommandOptions, gaps: HealthGap[]): Promise<GrownDefectListHeader | null> {
  const fields = { reqPlist: false, reqGlist: true, defectListFormat: 4 };
  let data: Uint8Array;
  let size: 10 | 12 = 12;
  try {
    data = dataOf(await device.execute(readDefectData12, { ...fields, allocationLength: 8 }, exec));
  } catch (e12) {
    if (!isRefusal(e12) || (e12 as CheckConditionError).asc !== 0x20) {
      gaps.push({ fact: 'grown-defects', reason: isRefusal(e12) ? 'unsupported' : (e12 as Error).message });
      return null;
    }
    try {
      size = 10;
      data = dataOf(await device.execute(readDefectData10, { ...fields, allocationLength: 4 }, exec));
    } catch (e10) {
      gaps.push({ fact: 'grown-defects', reason: isRefusal(e10) ? 'unsupported' : (e10 as Error).message });
      return null;
    }
  }
  const header = decodeGrownDefectListHeader(data, size);
  if (header === undefined || !header.grownListValid) {
    gaps.push({ fact: 'grown-defects', reason: 'the device did not return the grown defect list' });
    return null;
  }
  return header;
}
