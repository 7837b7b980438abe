/**
 * @sgio/target — SCSI devices written in TypeScript. A user-space SCSI
 * target served through the Linux kernel's TCMU ring (`target_core_user`,
 * `/dev/uioN`): the ring and its completions ({@link TcmuRing},
 * {@link UioDevice}), a direct-access logical unit with SPC/SBC defaults
 * over a backing store ({@link ScsiDisk}, {@link MemoryStore},
 * {@link FileStore}) with self-tests ({@link SelfTests}) and SANITIZE ({@link Sanitizer}), hooks to override
 * any command, fault injection ({@link FaultInjector}), and configfs helpers.
 *
 * @packageDocumentation
 */
export { TargetError, type TargetErrorCode } from './errors.js';
export * as tcmuAbi from './ring/abi.js';
export { TcmuRing, cdbLengthOf, type DataAreaCopier, type MailboxInfo, type RingCommand, type RingCompletion, type RingIovec } from './ring/tcmu-ring.js';
export { UioDevice, uioInfo, listTcmuUio, findTcmuUio, UIO_SYSFS, TCMU_UIO_NAME_PREFIX, type UioInfo } from './ring/uio-device.js';
export type { BackingStore } from './store/backing-store.js';
export { MemoryStore } from './store/memory-store.js';
export { FileStore, type FileStoreOptions } from './store/file-store.js';
export { fieldFlag, fieldNumber, type ScsiRequest } from './scsi/request.js';
export { checkCondition, good, Sense, type ScsiResponse, type SenseCode } from './scsi/response.js';
export type { DiskContext, DiskIdentity } from './scsi/disk-context.js';
export { checkMaxTransferBlocks, MAX_TRANSFER_BLOCKS_LIMIT } from './scsi/transfer-limit.js';
export { ScsiDisk, DEFAULT_COMMANDS, type CommandHandler, type ExecuteResult, type ScsiDiskOptions } from './scsi/scsi-disk.js';
export { WriteGate } from './scsi/write-gate.js';
export { DEFAULT_LOG_PAGES, DEFAULT_VPD_PAGES, standardInquiry, vpdPageOf } from './scsi/spc.js';
export { SelfTests, SelfTestSense, SELF_TEST_LOG_ENTRIES, type SelfTestDurations, type SelfTestLogEntry } from './scsi/self-test.js';
export { Sanitizer, SANITIZE_IN_PROGRESS } from './scsi/sanitize.js';
export { blockRangeOf } from './scsi/sbc.js';
export { FaultInjector, type FaultAction, type FaultHandle, type FaultRule, type SelfTestFailureRule } from './faults/fault-injector.js';
export { TcmuTarget, type RequestExecutor, type TargetStats, type TcmuTargetOptions } from './tcmu-target.js';
export { createTcmuBackstore, removeTcmuBackstore, TARGET_CONFIGFS, type TcmuBackstore, type TcmuBackstoreOptions } from './configfs.js';
