/**
 * Where each name an ES module exports is defined: the answer follows
 * `export { a as b } from './x.js'` and `export * from './y.js'` chains
 * down to the module whose own declaration (or local `export { }`) makes
 * the name. The files are tsc's output (JavaScript), read with
 * TypeScript's parser, so comments and strings cannot mislead it.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';

/** The module that defines an exported name, and the name it has there. */
export interface ExportOrigin {
  /** Absolute path of the defining module. */
  readonly file: string;
  /** The name under which that module exports it. */
  readonly name: string;
}

/** The exported value names of a module, each with its origin (type-only exports are not values and are left out). */
export type ExportMap = ReadonlyMap<string, ExportOrigin>;

/** The names a variable statement, function or class declaration binds. */
function declaredNames(statement: ts.Statement): string[] {
  if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) return statement.name ? [statement.name.text] : [];
  if (!ts.isVariableStatement(statement)) return [];
  const names: string[] = [];
  const collect = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.push(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) collect(element.name);
  };
  for (const declaration of statement.declarationList.declarations) collect(declaration.name);
  return names;
}

function isExported(statement: ts.Statement): boolean {
  const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
  return modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) === true && !modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

/** Computes and keeps the export maps of the modules it is asked about (one instance per build). */
export class ExportOrigins {
  readonly #maps = new Map<string, Map<string, ExportOrigin>>();
  readonly #read: (file: string) => string;

  /** @param read - reads a module's text (tests pass their own) */
  constructor(read: (file: string) => string = (file) => readFileSync(file, 'utf8')) {
    this.#read = read;
  }

  /**
   * The export map of `file` (an absolute path). A module met again while
   * its own map is being made (an export cycle) answers with what it has so
   * far; a name it lacks then stays with the module that re-exports it,
   * which is still correct, only less direct.
   */
  of(file: string): ExportMap {
    const known = this.#maps.get(file);
    if (known) return known;
    const map = new Map<string, ExportOrigin>();
    this.#maps.set(file, map);
    const source = ts.createSourceFile(file, this.#read(file), ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
    const stars: string[] = [];
    for (const statement of source.statements) {
      if (ts.isExportDeclaration(statement)) {
        if (statement.isTypeOnly) continue;
        const specifier = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
        // a relative module is followed; another package's names stay with this module
        const target = specifier?.startsWith('.') ? resolve(dirname(file), specifier) : undefined;
        const clause = statement.exportClause;
        if (!clause) {
          if (target) stars.push(target);
          continue;
        }
        if (ts.isNamespaceExport(clause)) {
          map.set(clause.name.text, { file, name: clause.name.text });
          continue;
        }
        for (const element of clause.elements) {
          if (element.isTypeOnly) continue;
          const exported = element.name.text;
          const local = (element.propertyName ?? element.name).text;
          map.set(exported, target ? (this.of(target).get(local) ?? { file: target, name: local }) : { file, name: exported });
        }
      } else if (isExported(statement)) {
        for (const name of declaredNames(statement)) map.set(name, { file, name });
      }
    }
    // an explicit export wins over a star export of the same name (as in ES modules)
    for (const star of stars) {
      for (const [name, origin] of this.of(star)) if (name !== 'default' && !map.has(name)) map.set(name, origin);
    }
    return map;
  }
}
