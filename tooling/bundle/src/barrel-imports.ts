/**
 * Named imports of a workspace package (`import { read10 } from
 * '@sgio/struct'`) go straight to the modules that define the names.
 *
 * Why: in the one-file bundle every module becomes a function that runs
 * when its first importer runs. A package's entry point re-exports all of
 * the package, so importing one name from it ran every module of the
 * package: `sgio dd` initialized each CDB definition, decoder and the
 * command registry of @sgio/struct (about 15-20 ms of a 200 ms run in the
 * lab's guest) to use READ(10) and READ CAPACITY(10). With the imports
 * pointed at the defining modules, a command runs the modules it uses.
 *
 * The packages declare `"sideEffects": false`: no module relies on
 * another one having run, so running fewer changes nothing but time.
 * Namespace imports (`import * as x`), default imports, `export ... from`
 * and dynamic `import()` keep the entry point; so does any name whose
 * origin is not found (nothing is guessed).
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { OnLoadResult, Plugin } from 'esbuild';
import ts from 'typescript';
import { ExportOrigins, type ExportMap } from './export-origins.js';

/** The packages whose entry points are bypassed: the workspace's own. */
export const BARREL_PACKAGES = /^@sgio\/[a-z0-9-]+$/;

/** True for a TypeScript module's path (`.ts`, `.mts`, `.cts`, `.tsx`). */
function isTypeScript(path: string): boolean {
  return /\.[cm]?tsx?$/.test(path);
}

/** One import statement to replace: its span in the text and what replaces it. */
interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Rewrites the named imports of `source` whose specifier `barrelOf`
 * answers for. Returns the new text, or undefined when nothing changed.
 * @param source - the importing module's text
 * @param fileName - its path (its extension picks TypeScript or JavaScript)
 * @param barrelOf - the export map of a specifier's entry point, or undefined to leave that import alone
 */
export function rewriteBarrelImports(source: string, fileName: string, barrelOf: (specifier: string) => ExportMap | undefined): string | undefined {
  const kind = isTypeScript(fileName) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, kind);
  const edits: Edit[] = [];
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const clause = statement.importClause;
    // `import 'x'`, `import type`, `import x from`, `import * as x from`: left as they are
    if (!clause || clause.isTypeOnly || clause.name || !clause.namedBindings || !ts.isNamedImports(clause.namedBindings)) continue;
    const specifier = statement.moduleSpecifier.text;
    const exports = barrelOf(specifier);
    if (!exports) continue;
    const byFile = new Map<string, string[]>();
    const kept: string[] = [];
    for (const element of clause.namedBindings.elements) {
      const local = element.name.text;
      const imported = (element.propertyName ?? element.name).text;
      const origin = element.isTypeOnly ? undefined : exports.get(imported);
      if (!origin) {
        kept.push(element.getText(file));
        continue;
      }
      byFile.set(origin.file, [...(byFile.get(origin.file) ?? []), origin.name === local ? local : `${origin.name} as ${local}`]);
    }
    if (byFile.size === 0) continue;
    const lines = [...byFile].map(([origin, names]) => `import { ${names.join(', ')} } from ${JSON.stringify(origin)};`);
    if (kept.length > 0) lines.push(`import { ${kept.join(', ')} } from ${JSON.stringify(specifier)};`);
    edits.push({ start: statement.getStart(file), end: statement.end, text: lines.join(' ') });
  }
  if (edits.length === 0) return undefined;
  let out = source;
  for (const edit of edits.reverse()) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

/**
 * An esbuild plugin applying {@link rewriteBarrelImports} to the
 * workspace's own modules (anything outside `node_modules`) that import
 * one of `packages`.
 */
export function barrelImportsPlugin(packages: RegExp = BARREL_PACKAGES): Plugin {
  return {
    name: 'barrel-imports',
    setup(b) {
      const origins = new ExportOrigins();
      const entries = new Map<string, string | undefined>();
      b.onLoad({ filter: /\.(?:[cm]?ts|[cm]?js)$/ }, async (args) => {
        if (/[\\/]node_modules[\\/]/.test(args.path)) return undefined;
        const source = await readFile(args.path, 'utf8');
        const resolveDir = dirname(args.path);
        // the text read is handed over whatever happens to it, so that esbuild does not read the file again
        const loaded = (contents: string): OnLoadResult => ({ contents, loader: isTypeScript(args.path) ? 'ts' : 'js', resolveDir });
        if (!source.includes('@sgio/')) return loaded(source);
        // the entry point each package specifier resolves to from this folder (esbuild's own resolution)
        const wanted = new Set<string>();
        for (const m of source.matchAll(/from\s*['"](@sgio\/[^'"]+)['"]/g)) if (packages.test(m[1]!)) wanted.add(m[1]!);
        const resolved = new Map<string, string>();
        for (const specifier of wanted) {
          const key = `${resolveDir}\0${specifier}`;
          if (!entries.has(key)) {
            const r = await b.resolve(specifier, { resolveDir, kind: 'import-statement' });
            entries.set(key, r.errors.length === 0 && !r.external && !/[\\/]node_modules[\\/]/.test(r.path) ? r.path : undefined);
          }
          const entry = entries.get(key);
          if (entry) resolved.set(specifier, entry);
        }
        if (resolved.size === 0) return loaded(source);
        const contents = rewriteBarrelImports(source, args.path, (specifier) => {
          const entry = resolved.get(specifier);
          return entry ? origins.of(entry) : undefined;
        });
        return loaded(contents ?? source);
      });
    },
  };
}
