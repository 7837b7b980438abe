/**
 * Every `ts` example in the READMEs and guides compiles against the
 * packages' real declarations (as a consumer would import them).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentedFiles, snippetsOf } from './doc-snippets.js';
import { workspaceRoot } from './workspace.js';

const dir = join(workspaceRoot, 'tooling', 'pack-test', '.snippets');

describe('documentation examples', () => {
  it('compile with the strict settings of the workspace', () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const snippets = documentedFiles().flatMap(snippetsOf);
    expect(snippets.length).toBeGreaterThan(5);
    const names = snippets.map((s, i) => {
      const name = `${String(i).padStart(2, '0')}-${s.file.replace(/[^a-z0-9]+/gi, '-')}-L${s.line}.ts`;
      // each snippet is its own module
      writeFileSync(join(dir, name), `${s.code}\nexport {};\n`);
      return name;
    });
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: '@sgio/tsconfig/base.json', compilerOptions: { noEmit: true, types: ['node'], lib: ['ES2023', 'ESNext.Disposable'] }, include: names }),
    );
    let output = '';
    try {
      execFileSync(join(workspaceRoot, 'node_modules', '.bin', 'tsc'), ['-p', join(dir, 'tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    // map the generated names back to the markdown file and line
    const readable = output.replace(/(\d\d)-[\w-]+-L(\d+)\.ts\((\d+),(\d+)\)/g, (_, i: string, _l, line: string, col: string) => {
      const s = snippets[Number(i)]!;
      return `${s.file}:${s.line + Number(line)}:${col}`;
    });
    expect(readable).toBe('');
  });
});
