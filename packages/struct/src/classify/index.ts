/**
 * What a raw CDB does: `classifyCdb` and the per-opcode effect table behind it.
 *
 * @packageDocumentation
 */
export { classifyCdb, minimumCdbLength, type CdbClassification, type ClassifyCdbOptions } from './classify-cdb.js';
export {
  OPCODE_RULES,
  UNKNOWN_OPCODE_RULE,
  type CdbDirection,
  type OpcodeGroupRule,
  type OpcodeGroupRules,
  type OpcodeRule,
  type ServiceActionRules,
} from './opcode-effects.js';
