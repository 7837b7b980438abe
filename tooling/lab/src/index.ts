/**
 * @sgio/lab — a real-kernel SCSI lab for tests.
 *
 * On the host: {@link runInLab} boots User-Mode Linux with sg and scsi_debug
 * and runs a command inside. In the guest (lab tests): {@link requireLab},
 * {@link sgDevices}, fault injection and device hot-plug helpers, and LIO
 * (the Linux SCSI target) as a second target: {@link setUpLio},
 * {@link lioDevices}, {@link tearDownLio}; TCMU as a third, served by the
 * test's own process: {@link createTcmuBackstore}, {@link exportTcmuBackstore},
 * {@link tearDownTcmu}, or served by an `sgio target` process:
 * {@link serveTcmuDisk}, or served from boot (`--tcmu`, the `tcmu` profile):
 * {@link tcmuBootDevice}. With `--net`/`--browser` the guest has a link to
 * the host ({@link labLink}) and a host Chromium to drive
 * ({@link hostBrowserEndpoint}).
 */
export { runInLab, diagnoseBoot, EXIT_BOOT_FAILED, EXIT_TIMEOUT, type RunOptions, type RunResult } from './boot.js';
export { allowedCpus, chooseCpu, parseCpuChoice, type CpuChoice } from './cpu-pin.js';
export { findKernel, kernelCandidates, LabSetupError, type KernelChoice, type UmlKernel } from './kernel.js';
export { profiles, isProfileName, expectedDeviceCount, parseParam, type LabProfile, type ProfileName, type ScsiDebugParams } from './profiles.js';
export {
  NotInLabError,
  isInLab,
  requireLab,
  sgDevices,
  scsiDebugDevices,
  firstDevice,
  scsiDebugParams,
  setScsiDebugParam,
  setScsiDebugDelay,
  setScsiDebugTiming,
  ScsiDebugOpts,
  injectFault,
  clearFaults,
  deleteDevice,
  waitForDevices,
  rescan,
  reloadScsiDebug,
  type LabDevice,
} from './guest.js';
export { labLink, hostBrowserEndpoint, NoLabNetError } from './guest-net.js';
export { labNetFor, type LabNet } from './net.js';
export { jsonLeaves, SMARTCTL_METADATA } from './json-leaves.js';
export { runPeer, mustRunPeer, type PeerRun, type PeerRunOptions } from './peer-run.js';
export { setUpLio, tearDownLio, lioDevices, isLioSetUp } from './guest-lio.js';
export { createTcmuBackstore, exportTcmuBackstore, unexportTcmu, tearDownTcmu, tcmuBootDevice, tcmuHostNumbers, type LabTcmuBackstore } from './guest-tcmu.js';
export { kernelMajor, scsiDebugPanicsOnFormatUnit } from './kernel-quirks.js';
export { kernelLog, kernelLogMark, waitForDiskAttach, parseKernelLogRecord, attachedDisk, type KernelLogRecord } from './disk-attach.js';
export { DEFAULT_TCMU_BOOT, TCMU_BOOT_PORTS, TCMU_BOOT_LOG, checkTcmuBootOptions, tcmuBootScript, tcmuBootTeardownScript, tcmuEnvValue, type TcmuBootOptions } from './tcmu-boot.js';
export { startTargetProcess, serveTcmuDisk, type TargetProcess, type ServedTcmuDisk, type ServeTcmuDiskOptions } from './guest-target-process.js';
export { DEFAULT_TCMU, TCMU_TARGET_WWN, TCMU_INITIATOR_WWN, TCMU_TEST_PORTS, TCMU_SECOND_TEST_PORTS, TCMU_TARGET_WWN_PREFIX, TCMU_BOOT_NAME, checkTcmuOptions, tcmuBackstorePath, tcmuCreateScript, tcmuExportScript, tcmuUnexportScript, tcmuTeardownScript, type TcmuOptions, type TcmuPorts } from './tcmu.js';
export {
  DEFAULT_LIO,
  LIO_CONFIGFS,
  LIO_STATE_DIR,
  LIO_PROC_NAME,
  LIO_UNIT_SERIAL,
  lioTargetWwn,
  lioInitiatorWwn,
  checkLioOptions,
  lioSetupScript,
  lioTeardownScript,
  type LioOptions,
} from './lio.js';
