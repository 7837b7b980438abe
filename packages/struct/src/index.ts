/**
 * @sgio/struct — pure SCSI encoding: the field-layout DSL, CDB definitions,
 * response and sense decoders, and the Linux sg structs. No I/O; runs in
 * browsers as well as Node.js.
 *
 * @packageDocumentation
 */
export * from './dsl/index.js';
export * from './errors/field-errors.js';
export * from './errors/decode-error.js';
export * from './errors/command-effect-error.js';
export * from './errors/command-conflict-error.js';
export * from './sense/index.js';
export * from './status/index.js';
export * from './tables/index.js';
export * from './sg/index.js';
export * from './commands/index.js';
export * from './decoders/index.js';
export * from './parameters/index.js';
export * from './classify/index.js';
export * from './outcome/index.js';
