/**
 * Command-line options generated from a DSL definition's field metadata:
 * one `--kebab-name` option per field, parsed by kind (number, bigint,
 * boolean, hex bytes, ASCII), with the description, position, default and
 * range in its help. Used by `sgio cmd` for built-in and plugin commands.
 */
import { Option } from 'commander';
import type { CdbDefinition, FieldInfo, FieldSpecs, FieldsInput } from '@sgio/struct';
import { CliError } from './cli-error.js';
import { parseHex } from './output.js';
import { parseBigNumber, parseNumber, parseSignedNumber } from './parse-number.js';
import { scalarText } from './text.js';

/** Option names `sgio cmd` uses itself; a field with one of these names gets a `field-` prefix. */
export const RESERVED_OPTION_NAMES: readonly string[] = ['json', 'hex', 'verbose', 'timeout', 'dry-run', 'send', 'outfile', 'block-size', 'request', 'help', 'plugin', 'version'];

/** `transferLength` gives `transfer-length`; `dld0` stays `dld0`. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

/** The option name (without dashes) for a field. */
export function optionNameFor(field: FieldInfo): string {
  const name = kebabCase(field.name);
  return RESERVED_OPTION_NAMES.includes(name) ? `field-${name}` : name;
}

/** The commander attribute name commander derives from an option name (`transfer-length` gives `transferLength`). */
function attributeName(optionName: string): string {
  return optionName.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** Parses one option value for `field`; throws a {@link CliError} that names the option and the accepted range. */
export function parseFieldValue(field: FieldInfo, text: string): number | bigint | boolean | string | Uint8Array {
  const what = `--${optionNameFor(field)}`;
  switch (field.kind) {
    case 'uint':
      return parseNumber(text, what, field.max as number);
    case 'int': {
      const n = parseSignedNumber(text, what);
      if (n < (field.min ?? -Infinity) || n > (field.max as number)) throw new CliError(`${what}: ${text} is outside ${field.min}..${field.max}`);
      return n;
    }
    case 'biguint':
      return parseBigNumber(text, what, field.max as bigint);
    case 'flag': {
      const t = text.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(t)) return true;
      if (['0', 'false', 'no', 'off'].includes(t)) return false;
      throw new CliError(`${what}: '${text}' is not a boolean (true/false, 1/0)`);
    }
    case 'bytes': {
      const size = field.width / 8;
      let bytes: Uint8Array;
      try {
        bytes = parseHex(text);
      } catch (e) {
        throw new CliError(`${what}: ${(e as Error).message}; give up to ${size} hex bytes`);
      }
      if (bytes.length > size) throw new CliError(`${what}: ${bytes.length} bytes given, the field holds ${size}`);
      const out = new Uint8Array(size);
      out.set(bytes);
      return out;
    }
    case 'ascii': {
      const size = field.width / 8;
      if (!/^[\x20-\x7e]*$/.test(text)) throw new CliError(`${what}: only printable ASCII is allowed`);
      if (text.length > size) throw new CliError(`${what}: '${text}' is longer than ${size} characters`);
      return text;
    }
  }
}

function valueHint(field: FieldInfo): string {
  switch (field.kind) {
    case 'bytes':
      return '<hex>';
    case 'ascii':
      return '<text>';
    default:
      return '<n>';
  }
}

/** The help text of a field's option: description, position, default and range. */
export function fieldHelp(field: FieldInfo): string {
  const where = `byte ${field.byte}${field.width % 8 === 0 && field.bit === 7 ? '' : ` bit ${field.bit}`}, ${field.width} bit${field.width === 1 ? '' : 's'}`;
  const range = field.kind === 'int' ? `; ${field.min}..${String(field.max)}` : field.max !== undefined ? `; max ${String(field.max)}` : '';
  const def = field.kind === 'flag' ? (field.default ? '; default on' : '') : `; default ${scalarText(field.default) || "''"}`;
  return `${field.description || field.name} (${where}${def}${range})`;
}

/**
 * An option that sets a field. Commander reads every `--no-*` option as the
 * negation of `--*` (`--no-flush` would set `flush` to false); a field whose
 * own name begins with `no` (NO_FLUSH) is not a negation, so the option is
 * marked as a plain one and keeps the field's attribute name (`noFlush`).
 */
function fieldOption(flags: string, help: string): Option {
  const option = new Option(flags, help);
  option.negate = false;
  return option;
}

/** The options for every field of `definition`. */
export function fieldOptions(definition: CdbDefinition): Option[] {
  const options: Option[] = [];
  for (const field of definition.fieldList) {
    const name = optionNameFor(field);
    if (field.kind === 'flag') {
      options.push(fieldOption(`--${name}`, fieldHelp(field)));
      if (field.default === true) options.push(new Option(`--no-${name}`, `clear ${name}`));
    } else {
      options.push(fieldOption(`--${name} ${valueHint(field)}`, fieldHelp(field)).argParser((v: string) => parseFieldValue(field, v)));
    }
  }
  return options;
}

/** The field values given on the command line (omitted fields are left out: the definition's defaults apply). */
export function fieldValues(definition: CdbDefinition, parsed: Readonly<Record<string, unknown>>): FieldsInput<FieldSpecs> {
  const out: Record<string, FieldsInput<FieldSpecs>[string]> = {};
  for (const field of definition.fieldList) {
    const value = parsed[attributeName(optionNameFor(field))];
    if (value !== undefined) out[field.name] = value as FieldsInput<FieldSpecs>[string];
  }
  return out;
}
