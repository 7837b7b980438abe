/** FORMAT UNIT (SBC-5): low-level format of the medium. */
import { defineCdb } from '../../dsl/cdb.js';
import { bits, control, flag, u8 } from '../../dsl/fields.js';

/**
 * FORMAT UNIT (0x04). With `fmtdata` a parameter list follows; the CDB
 * does not carry its length, so `dataLengthOf` gives the header alone (4
 * bytes, 8 with `longlist`). Callers that send an initialization pattern
 * or defect list pass their own buffer length to the transport.
 */
export const formatUnit = defineCdb({
  id: 'formatUnit',
  name: 'FORMAT UNIT',
  standard: 'SBC-5',
  description: 'Format the medium (destroys all data); optional parameter list with --fmtdata',
  opcode: 0x04,
  length: 6,
  direction: (f) => (f.fmtdata ? 'out' : 'none'),
  effect: 'destructive',
  dataLength: (f) => (f.fmtdata ? (f.longlist ? 8 : 4) : 0),
  fields: {
    fmtpinfo: bits(1, 7, 2, { description: 'FMTPINFO: protection information format (with PROTECTION FIELD USAGE)' }),
    longlist: flag(1, 5, { description: 'LONGLIST: the parameter list has the long (8-byte) header' }),
    fmtdata: flag(1, 4, { description: 'FMTDATA: a parameter list (header, pattern, defects) is sent' }),
    cmplst: flag(1, 3, { description: 'CMPLST: the defect list sent is complete (replaces the grown list)' }),
    defectListFormat: bits(1, 2, 3, { description: 'DEFECT LIST FORMAT: format of the defect descriptors sent' }),
    vendorSpecific: u8(2, { description: 'Vendor specific byte' }),
    ffmt: bits(4, 1, 2, { description: 'FFMT: fast format (0 normal, 1 without overwriting, 2 without overwriting, reads may fail)' }),
    control: control(5),
  },
});
