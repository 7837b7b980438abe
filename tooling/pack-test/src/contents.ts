/**
 * What a published tarball may hold: its build output, README and
 * manifest, and the data it reads at run time; never tests, sources, source
 * maps (their sources are not shipped, so they would point nowhere) or
 * build configuration.
 */

/** Files that must not be in a tarball, with the reason shown when one is. */
const FORBIDDEN: readonly (readonly [RegExp, string])[] = [
  [/\.test(-d)?\.[cm]?[jt]s$|\.test\.d\.[cm]?ts$/, 'a test file'],
  [/\.map$/, 'a source map (the sources are not shipped)'],
  [/^src\//, 'source code (ship dist/ only)'],
  [/^test\//, 'a test folder'],
  [/(^|\/)test-support\//, 'test support code'],
  [/^bench\//, 'a benchmark'],
  [/^tsconfig[^/]*\.json$/, 'compiler configuration'],
  [/^(eslint|vitest)\.config\./, 'tool configuration'],
  [/\.tsbuildinfo$/, 'a TypeScript build cache'],
];

/** Files every published tarball must hold. */
const REQUIRED = ['package.json', 'README.md'];

/** Problems with a tarball's file list (empty when it is fine). */
export function contentProblems(entries: readonly string[]): string[] {
  const problems: string[] = [];
  for (const required of REQUIRED) {
    if (!entries.includes(required)) problems.push(`${required} is missing`);
  }
  for (const entry of entries) {
    const hit = FORBIDDEN.find(([pattern]) => pattern.test(entry));
    if (hit) problems.push(`${entry} is ${hit[1]}`);
  }
  return problems;
}
