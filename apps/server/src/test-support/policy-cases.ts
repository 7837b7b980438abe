/**
 * The requests the commands endpoint's policy is tested with, in the unit
 * test (a fake device) and on the real driver: commands that change data or
 * state however the client dresses them (a raw CDB that says "no data", a
 * named command whose field makes it write, a direction that lies, a vendor
 * opcode). One list, so a new case reaches both tests.
 */
export const POLICY_CASES = {
  /** WRITE SAME(16) with NDOB over 8 blocks at LBA 0: writes zeros, sends no data. */
  writeSameNdobRaw: { cdb: '93010000000000000000000000080000', direction: 'none' },
  /** The same by name and fields, at LBA 8. */
  writeSameNdobNamed: { command: 'writeSame16', fields: { ndob: true, lba: 8, numberOfBlocks: 8 } },
  formatUnit: { cdb: '040000000000' },
  startStopUnit: { cdb: '1b0000000100' },
  /** WRITE(10) claiming no data. */
  write10AsNone: { cdb: '2a000000001000000100', direction: 'none' },
  vendorC0: { cdb: 'c00000000000', direction: 'none' },
  persistentReserveOut: { cdb: '5f000000000000000018' + '00', direction: 'out', data: '00'.repeat(24) },
} as const;
