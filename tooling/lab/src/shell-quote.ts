/** Quotes one word for bash, so any byte string survives unchanged. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `export NAME=value` lines for every valid variable name in `env`. */
export function envScript(env: Readonly<Record<string, string | undefined>>, skip: readonly string[] = []): string {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || skip.includes(name) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
    lines.push(`export ${name}=${shellQuote(value)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Quotes a command word for the guest, leaving glob characters (`*`, `?`,
 * `[...]`) live: an argument such as `/dev/sg*` reaches the lab literally
 * because the host has no sg nodes, and the guest shell expands it where
 * they exist. Everything else in the word stays quoted.
 */
export function guestWord(word: string): string {
  if (!/[*?[]/.test(word)) return shellQuote(word);
  return word
    .split(/([*?]|\[[^\]/]*\])/)
    .map((part, i) => (i % 2 === 1 ? part : part === '' ? '' : shellQuote(part)))
    .join('');
}
