/** What `readHealth()` learns about a device: each fact only when the device reports it. */
import type {
  BackgroundScanStatus,
  EnvironmentalReport,
  ErrorCounterLogPage,
  FormatStatusLogPage,
  GrownDefectListHeader,
  LogPageId,
  PendingDefect,
  SelfTestResult,
  StartStopCycleLogPage,
} from '@sgio/struct';
import type { Capacity } from '../commands/capacity.js';

/** Identity from INQUIRY and the VPD pages. */
export interface HealthIdentity {
  /** T10 vendor identification, trimmed. */
  readonly vendor: string;
  /** Product identification, trimmed. */
  readonly product: string;
  /** Product revision level, trimmed; null when its first byte is not printable. */
  readonly revision: string | null;
  /** INQUIRY VERSION field, low 3 bits (4..7: SPC-2..SPC-5). */
  readonly scsiVersion: number;
  /** Peripheral device type (0 disk, 1 tape, 0x14 host managed zoned, ...). */
  readonly peripheralType: number;
  /** PROTECT bit of INQUIRY: protection information supported. */
  readonly protect: boolean;
  /** Unit serial number (VPD 0x80), trimmed; null when the page is absent. */
  readonly serialNumber: string | null;
  /** Logical unit designator as smartctl prints it (`0x` + NAA/EUI-64 hex, or a SCSI name string); null when none. */
  readonly logicalUnitId: string | null;
  /** Protocol identifier (0..15) of the first target-port designator with PIV, else of the Protocol Specific Port mode page; null when neither. */
  readonly transportProtocol: number | null;
  /** NOMINAL FORM FACTOR of VPD 0xB1 (0 not reported); null without the page. */
  readonly formFactor: number | null;
  /** MEDIUM ROTATION RATE (VPD 0xB1, else the Rigid Disk Geometry mode page): 0 not reported, 1 non-rotating, else rpm; null when neither answers. */
  readonly rotationRate: number | null;
  /** ZONED field of VPD 0xB1 (1 host aware, 2 device managed); null without the page. */
  readonly zoned: number | null;
}

/** Logical block provisioning (VPD 0xB2 and READ CAPACITY(16)). */
export interface HealthProvisioning {
  /** PROVISIONING TYPE (0 full or not reported, 1 resource, 2 thin). */
  readonly provisioningType: number;
  /** LBPRZ of the VPD page (3 bits). */
  readonly lbprz: number;
  /** UNMAP supported. */
  readonly lbpu: boolean;
  /** WRITE SAME(16) with UNMAP supported. */
  readonly lbpws: boolean;
}

/** The Informational Exceptions state: the IE mode page and the device's current IE (log page 0x2F, else REQUEST SENSE). */
export interface HealthInformationalExceptions {
  /** IE mode page (0x1C) bits; null when the device has no such page (no SMART). */
  readonly mode: {
    /** DEXCPT: informational exceptions disabled. */
    readonly dexcpt: boolean;
    /** EWASC: warnings (temperature) enabled. */
    readonly ewasc: boolean;
    /** TEST: the device reports a false failure for testing. */
    readonly test: boolean;
    /** MRIE: the method of reporting (6: on REQUEST SENSE only). */
    readonly mrie: number;
    /** PERF: no delays for exception handling. */
    readonly perf: boolean;
    /** LOGERR: log errors in the IE log page. */
    readonly logerr: boolean;
  } | null;
  /** Where the ASC/ASCQ came from. */
  readonly source: 'log-page' | 'request-sense' | null;
  /** Informational exception ASC (0: none). */
  readonly asc: number;
  /** Informational exception ASCQ. */
  readonly ascq: number;
  /** The text of a failure prediction (ASC 0x5D) or warning (0x0B), upper case like smartctl; null for no exception. */
  readonly text: string | null;
  /** True when the ASC says failure prediction threshold exceeded (0x5D) or a warning (0x0B). */
  readonly failing: boolean;
  /** Temperature reported in the IE log page (°C), or null. */
  readonly temperature: number | null;
}

/** Self-test state: the log, the extended test's duration, a test in progress. */
export interface HealthSelfTests {
  /** Non-empty self-test log entries, most recent first. */
  readonly results: SelfTestResult[];
  /** Extended self-test completion time (Control mode page), seconds; null when not reported. */
  readonly extendedSelfTestSeconds: number | null;
}

/** A fact the device did not give, and why. */
export interface HealthGap {
  /** The fact, e.g. `"error-counters"`, `"grown-defects"`. */
  readonly fact: string;
  /** Why: `"unsupported"` (the device rejects the command or lacks the page) or the error's message. */
  readonly reason: string;
}

/** Every health fact sgio read from one device. */
export interface DeviceHealth {
  /** Identity. */
  readonly identity: HealthIdentity;
  /** Capacity and block sizes (READ CAPACITY 16, else 10); null for devices without (tapes, ...). */
  readonly capacity: Capacity | null;
  /** Provisioning; null without VPD 0xB2. */
  readonly provisioning: HealthProvisioning | null;
  /** Informational exceptions (SMART). */
  readonly informationalExceptions: HealthInformationalExceptions;
  /** Temperature log page (0x0D): current and reference (trip) °C; null without the page. */
  readonly temperature: {
    /** Current temperature, °C. */
    readonly current: number | null;
    /** Reference (trip) temperature, °C. */
    readonly trip: number | null;
  } | null;
  /** Environmental Reporting (0x0D,0x01); null without the page. */
  readonly environment: EnvironmentalReport[] | null;
  /** Start-Stop Cycle Counter page (0x0E); null without it. */
  readonly startStop: StartStopCycleLogPage | null;
  /** Error counter pages; a member is null when its page is absent. */
  readonly errorCounters: {
    /** Read error counters (log page 0x03). */
    readonly read: ErrorCounterLogPage | null;
    /** Write error counters (log page 0x02). */
    readonly write: ErrorCounterLogPage | null;
    /** Verify error counters (log page 0x05). */
    readonly verify: ErrorCounterLogPage | null;
  };
  /** Non-medium error count (0x06); null without the page. */
  readonly nonMediumErrors: bigint | null;
  /** Self-tests; null without the Self-Test Results page. */
  readonly selfTests: HealthSelfTests | null;
  /** Background scan status (0x15); null without the page. */
  readonly backgroundScan: BackgroundScanStatus | null;
  /** Grown defect list header (READ DEFECT DATA); null when the command is not supported. */
  readonly grownDefects: GrownDefectListHeader | null;
  /** Pending defects (0x15,0x01); null without the page. */
  readonly pendingDefects: {
    /** The pending defect count parameter. */
    readonly count: number | null;
    /** The pending defects listed. */
    readonly defects: PendingDefect[];
  } | null;
  /** Format Status (0x08); null without the page. */
  readonly formatStatus: FormatStatusLogPage | null;
  /** Percentage used endurance indicator (0x11); null without the page. */
  readonly enduranceUsedPercent: number | null;
  /** Control mode page GLTSD (logging target save disabled); null without the page. */
  readonly globalLoggingTargetSaveDisabled: boolean | null;
  /** The log pages the device lists (0x00, 0xFF; else 0x00). */
  readonly supportedLogPages: LogPageId[];
  /** What the device did not report. */
  readonly gaps: HealthGap[];
}
