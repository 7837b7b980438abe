/**
 * The TypeScript examples of the READMEs and guides, extracted so the
 * compiler can check them against the real API: a guide whose example does
 * not compile is wrong.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { publishedPackages, workspacePackages, workspaceRoot } from './workspace.js';

/** One fenced `ts` block. */
export interface DocSnippet {
  /** The markdown file, relative to the workspace root. */
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The code. */
  readonly code: string;
}

/** The markdown files whose examples are checked: the root README, the guides, and the READMEs of published packages and examples. */
export function documentedFiles(): string[] {
  const files = [join(workspaceRoot, 'README.md')];
  const guides = join(workspaceRoot, 'docs', 'guides');
  if (existsSync(guides)) files.push(...readdirSync(guides).filter((f) => f.endsWith('.md')).map((f) => join(guides, f)));
  // the READMEs users read: the published packages' and the examples'
  const dirs = [...publishedPackages().map((p) => p.dir), ...workspacePackages().filter((p) => p.dir.includes('/examples/')).map((p) => p.dir)];
  for (const dir of dirs) {
    const readme = join(dir, 'README.md');
    if (existsSync(readme)) files.push(readme);
  }
  return files.sort();
}

/** The fenced `ts` blocks of a markdown file (blocks marked `ts no-check` are skipped). */
export function snippetsOf(path: string): DocSnippet[] {
  const out: DocSnippet[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```ts') continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i]!.trim() !== '```'; i++) body.push(lines[i]!);
    out.push({ file: relative(workspaceRoot, path), line: start + 1, code: body.join('\n') });
  }
  return out;
}
