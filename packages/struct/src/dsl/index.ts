/** The field-layout DSL: fields, layouts, CDB definitions, the command registry. */
export * from './fields.js';
export { defineLayout, fieldInfos, type FieldEncoder, type FieldInfo, type Layout, type LayoutInit } from './layout.js';
export type { FieldSetter } from './field-setter.js';
export {
  defineCdb,
  allocationLength,
  transferBlocks,
  serviceActionIn,
  type CdbDefinition,
  type CdbInit,
  type DataDirection,
  type DataLengthContext,
  type ServiceActionPosition,
} from './cdb.js';
export { CommandSet, defineCommandPack, type CommandPack, type DecodedCdb, type LookupOptions } from './command-set.js';
export { EFFECTS, effectRank, isEffect, maxEffect, type Effect } from './effect.js';
export { readBits, writeBits, readBigBits, writeBigBits } from './bit-codec.js';
