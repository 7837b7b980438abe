/** SEND DIAGNOSTIC (SPC-6): run a self-test or send a diagnostic page. */
import { allocationLength, defineCdb } from '../../dsl/cdb.js';
import { bits, control, flag, u16 } from '../../dsl/fields.js';

/** Values of SEND DIAGNOSTIC's SELF-TEST CODE field (SPC-6). */
export const SELF_TEST_CODE = {
  /** Use the SELFTEST bit / parameter list instead. */
  none: 0,
  /** Background short self-test. */
  backgroundShort: 1,
  /** Background extended self-test. */
  backgroundExtended: 2,
  /** Abort the background self-test in progress. */
  abortBackground: 4,
  /** Foreground short self-test. */
  foregroundShort: 5,
  /** Foreground extended self-test. */
  foregroundExtended: 6,
} as const;

/**
 * SEND DIAGNOSTIC (0x1D). `selftest` true runs the default self-test; pages go out with `parameterListLength`.
 * Effect `state` (a self-test changes no user data); `destructive` with a parameter list or with SELFTEST and
 * UNITOFFL (which allows the test to write to the medium).
 */
export const sendDiagnostic = defineCdb({
  id: 'sendDiagnostic',
  name: 'SEND DIAGNOSTIC',
  standard: 'SPC-6',
  description: 'Start a self-test, or send a diagnostic page (enclosure control, ...)',
  opcode: 0x1d,
  length: 6,
  direction: (f) => (f.parameterListLength === 0 ? 'none' : 'out'),
  effect: 'state',
  // SPC-6: UNITOFFL lets the self-test write to the user-accessible medium, and
  // diagnostic pages (vendor pages, enclosure control) can do anything.
  raiseEffect: (f) => (f.parameterListLength !== 0 || (f.selftest && f.unitoffl) ? 'destructive' : 'state'),
  dataLength: allocationLength('parameterListLength'),
  fields: {
    selfTestCode: bits(1, 7, 3, { description: 'SELF-TEST CODE: 1/2 background short/extended, 4 abort, 5/6 foreground short/extended' }),
    pf: flag(1, 4, { description: 'PF: the parameter list uses the standard page format' }),
    selftest: flag(1, 2, { description: 'SELFTEST: run the default self-test (SELF-TEST CODE must be 0)' }),
    devoffl: flag(1, 1, { description: 'DEVOFFL: the self-test may take the device off line' }),
    unitoffl: flag(1, 0, { description: 'UNITOFFL: the self-test may alter the unit (take it off line)' }),
    parameterListLength: u16(3, { description: 'PARAMETER LIST LENGTH: bytes of diagnostic page sent (0: none)' }),
    control: control(5),
  },
});
