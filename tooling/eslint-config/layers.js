// @ts-check
/**
 * The layer rule of docs/ARCHITECTURE.md: which workspace package may import which.
 *
 * A file belongs to the package whose package.json is nearest above it. An
 * import of another `@sgio/*` package that its layer does not list, or of a
 * Node built-in / native binding from a package that must stay pure, is
 * reported with the allowed list, so the fix is obvious.
 */
import { readFileSync, existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * What each package may import from the workspace. Test files (`*.test.ts`)
 * may also import the test tooling listed in `testOnly`, and their layer's
 * `testAllow` (the target's tests drive it with core as the initiator; the
 * server's serve it a device with injected faults).
 * @type {Record<string, { allow: string[], pure?: boolean, forbid?: string[], testAllow?: string[] }>}
 */
export const defaultLayers = {
  '@sgio/struct': { allow: [], pure: true, forbid: ['koffi'] },
  '@sgio/libc': { allow: [] },
  '@sgio/core': { allow: ['@sgio/struct', '@sgio/libc'] },
  // the other side of SCSI: a sibling of core, never imported by it
  '@sgio/target': { allow: ['@sgio/struct', '@sgio/libc'], testAllow: ['@sgio/core'] },
  '@sgio/nbd': { allow: ['@sgio/core', '@sgio/struct'] },
  '@sgio/cli': { allow: ['@sgio/core', '@sgio/struct', '@sgio/target', '@sgio/nbd'] },
  // its lab tests serve a faulty device (a TCMU disk that keeps a command) in the test's own process
  '@sgio/server': { allow: ['@sgio/core', '@sgio/struct'], testAllow: ['@sgio/target'] },
  '@sgio/lab': { allow: [] },
  // build tooling: bundles the apps' commands, imported by nothing at run time
  '@sgio/bundle': { allow: [] },
  '@sgio/bench': { allow: ['@sgio/core', '@sgio/struct', '@sgio/libc', '@sgio/lab'] },
  '@sgio/example-vendor-commands': { allow: ['@sgio/core', '@sgio/struct'] },
};

/** Workspace packages that test files may import whatever their layer. */
const testOnly = ['@sgio/lab'];

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** @type {Map<string, string | null>} */
const packageOfDir = new Map();

/**
 * Name of the package that owns a directory, from the nearest package.json.
 * @param {string} dir
 * @returns {string | null}
 */
function owningPackage(dir) {
  const cached = packageOfDir.get(dir);
  if (cached !== undefined) return cached;
  let name = null;
  const manifest = join(dir, 'package.json');
  if (existsSync(manifest)) {
    try {
      name = JSON.parse(readFileSync(manifest, 'utf8')).name ?? null;
    } catch {
      name = null;
    }
  } else {
    const parent = dirname(dir);
    name = parent === dir ? null : owningPackage(parent);
  }
  packageOfDir.set(dir, name);
  return name;
}

/**
 * The workspace package an import specifier names, or null for anything else.
 * @param {string} spec
 */
function sgioPackage(spec) {
  const m = /^(@sgio\/[^/]+)/.exec(spec);
  return m ? m[1] : null;
}

/** @type {import('eslint').Rule.RuleModule} */
export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the package layer direction of docs/ARCHITECTURE.md' },
    schema: [
      {
        type: 'object',
        properties: { layers: { type: 'object' }, package: { type: 'string' } },
        additionalProperties: false,
      },
    ],
    messages: {
      layer:
        "{{from}} must not import '{{spec}}': the layer rule (docs/ARCHITECTURE.md) lets {{from}} import only {{allowed}}. Move the code to a lower layer or import through an allowed package.",
      pure:
        "{{from}} must stay pure (no Node built-ins, no native bindings, it runs in a browser): '{{spec}}' is not allowed. Move I/O to @sgio/libc or @sgio/core.",
    },
  },
  create(context) {
    const options = context.options[0] ?? {};
    const layers = options.layers ?? defaultLayers;
    const from = options.package ?? owningPackage(dirname(context.filename));
    if (!from || !layers[from]) return {};
    const layer = layers[from];
    // test files, and test-only folders (never published: every tsconfig.build.json leaves test-support out), may use test tooling and Node built-ins
    const isTest = /\.test(-d)?\.[cm]?[jt]sx?$/.test(context.filename) || /[\\/](test|test-support|bench|scripts)[\\/]/.test(context.filename);

    /** @param {import('estree').Node} node @param {unknown} value */
    function check(node, value) {
      if (typeof value !== 'string') return;
      const target = sgioPackage(value);
      if (target) {
        if (target === from) return;
        if (layer.allow.includes(target)) return;
        if (isTest && (testOnly.includes(target) || layer.testAllow?.includes(target))) return;
        context.report({
          node,
          messageId: 'layer',
          data: { from, spec: value, allowed: layer.allow.length ? layer.allow.join(', ') : 'no other @sgio package' },
        });
        return;
      }
      if (layer.pure && !isTest && (builtins.has(value) || value.startsWith('node:'))) {
        context.report({ node, messageId: 'pure', data: { from, spec: value } });
        return;
      }
      if (layer.forbid?.some((f) => value === f || value.startsWith(`${f}/`))) {
        context.report({ node, messageId: 'pure', data: { from, spec: value } });
      }
    }

    return {
      ImportDeclaration(node) {
        check(node.source, node.source.value);
      },
      ExportAllDeclaration(node) {
        check(node.source, node.source.value);
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node.source, node.source.value);
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node.source, node.source.value);
      },
    };
  },
};

/** The plugin object that carries the rule, for flat configs. */
export const plugin = { meta: { name: '@sgio/eslint-plugin-layers' }, rules: { layers: layersRule } };
