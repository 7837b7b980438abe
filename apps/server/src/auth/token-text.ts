/**
 * The text form of bearer tokens, used by token files and the
 * `SGIOD_TOKENS` variable: one entry per line, `TOKEN SCOPES [NAME]`, where
 * SCOPES is a comma-separated subset of `read,write,raw,admin`. Blank lines
 * and `#` comments are ignored. Only in `SGIOD_TOKENS` (where newlines are
 * awkward) does `;` also separate entries; in a file it is an ordinary
 * character of a token.
 */
import { ConfigError } from '../config/errors.js';
import { SCOPES, type Scope, type TokenEntry } from '../config/config.js';

/** Shortest token accepted: short secrets are guessable. */
export const MIN_TOKEN_LENGTH = 16;

/** Checks and normalizes one token entry. */
export function checkToken(entry: { token: unknown; scopes: unknown; name?: unknown }, where: string): TokenEntry {
  const { token, scopes, name } = entry;
  if (typeof token !== 'string' || token.length < MIN_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(token)) {
    throw new ConfigError(`${where}: a token must be at least ${MIN_TOKEN_LENGTH} printable characters without spaces (generate one with: openssl rand -hex 24)`);
  }
  const list = typeof scopes === 'string' ? scopes.split(',').map((s) => s.trim()) : scopes;
  if (!Array.isArray(list) || list.length === 0) throw new ConfigError(`${where}: a token needs at least one scope of ${SCOPES.join(', ')}`);
  for (const s of list) {
    if (!SCOPES.includes(s as Scope)) throw new ConfigError(`${where}: unknown scope '${String(s)}'; scopes are ${SCOPES.join(', ')}`);
  }
  if (name !== undefined && typeof name !== 'string') throw new ConfigError(`${where}: a token name must be a string`);
  return { token, scopes: [...new Set(list as Scope[])], name: name ?? `token-${token.length}-${where}` };
}

/** Options of {@link parseTokenText}. */
export interface TokenTextOptions {
  /** `;` separates entries as a newline does (only for `SGIOD_TOKENS`; default false). */
  readonly semicolons?: boolean;
}

/** Parses the text form; `source` names the file or variable in errors. */
export function parseTokenText(text: string, source: string, options: TokenTextOptions = {}): TokenEntry[] {
  const out: TokenEntry[] = [];
  const lines = text.split(options.semicolons ? /[\n;]/ : /\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const parts = line.split(/\s+/);
    if (parts.length < 2 || parts.length > 3) throw new ConfigError(`${source} entry ${i + 1}: expected 'TOKEN SCOPES [NAME]', e.g. '<secret> read,write ci'`);
    const [token, scopes, name] = parts;
    out.push(checkToken({ token, scopes, name: name ?? `${source}#${i + 1}` }, `${source} entry ${i + 1}`));
  });
  return out;
}
