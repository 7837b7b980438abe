/**
 * Node.js modules that third-party code requires at its top although the
 * apps never or rarely use them: in the bundle each loads on first use
 * instead. A built-in module costs its compilation at start, which the lab
 * guest makes slow (sgiod loaded 114 of them before listening).
 *
 * Each entry names a file, the exact line to replace and its replacement.
 * The build fails if a line is gone (an upgrade changed the file), rather
 * than silently keeping the cost: update the entry then.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

/** One deferred require. */
export interface LazyRequire {
  /** The file, by its path's end. */
  readonly file: RegExp;
  /** The line as the package has it. */
  readonly line: string;
  /** What replaces it: an object whose functions require the module when called. */
  readonly replacement: string;
  /** Why the module is not needed at start. */
  readonly why: string;
}

/** The deferred requires of the apps' dependencies. */
export const LAZY_REQUIRES: readonly LazyRequire[] = [
  {
    file: /[\\/]commander[\\/]lib[\\/]command\.js$/,
    line: "const childProcess = require('node:child_process');",
    replacement: "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };",
    why: 'commander spawns only for executable subcommands, which sgio does not have (child_process loads net, dgram and more)',
  },
  {
    file: /[\\/]fastify[\\/]lib[\\/]server\.js$/,
    line: "const http2 = require('node:http2')",
    replacement:
      "const http2 = { createServer: (...a) => require('node:http2').createServer(...a), createSecureServer: (...a) => require('node:http2').createSecureServer(...a) }",
    why: 'fastify uses http2 only with its http2 option, which sgiod does not set',
  },
  {
    file: /[\\/]fastify[\\/]lib[\\/]server\.js$/,
    line: "const https = require('node:https')",
    replacement: "const https = { createServer: (...a) => require('node:https').createServer(...a) }",
    why: 'fastify uses https only with its https option: sgiod over plain HTTP needs no TLS modules',
  },
  {
    file: /[\\/]prom-client[\\/]lib[\\/]pushgateway\.js$/,
    line: "const https = require('https');",
    replacement: "const https = { request: (...a) => require('https').request(...a) };",
    why: "prom-client's Pushgateway sends only when it pushes, which sgiod never does",
  },
  {
    file: /[\\/]prom-client[\\/]lib[\\/]pushgateway\.js$/,
    line: "const { gzipSync } = require('zlib');",
    replacement: "const gzipSync = (...a) => require('zlib').gzipSync(...a);",
    why: "prom-client's Pushgateway gzips only when it pushes, which sgiod never does",
  },
  {
    file: /[\\/]@fastify[\\/]swagger[\\/]lib[\\/]spec[\\/](openapi|swagger)[\\/]index\.js$/,
    line: "const yaml = require('yaml')",
    replacement: "const yaml = { stringify: (...a) => require('yaml').stringify(...a) }",
    why: "@fastify/swagger writes YAML only when asked for it, which sgiod never does (its /openapi.json is JSON); yaml's top level builds its whole library",
  },
  {
    file: /[\\/]@fastify[\\/]swagger[\\/]lib[\\/]mode[\\/]static\.js$/,
    line: "const yaml = require('yaml')",
    replacement: "const yaml = { parse: (...a) => require('yaml').parse(...a), stringify: (...a) => require('yaml').stringify(...a) }",
    why: "@fastify/swagger's static mode (a specification file) is not sgiod's: it generates its document",
  },
];

/** An esbuild plugin that applies `entries` to the files they name (all the entries of a file in one load). */
export function lazyRequiresPlugin(entries: readonly LazyRequire[] = LAZY_REQUIRES): Plugin {
  const byFile = new Map<string, LazyRequire[]>();
  for (const entry of entries) byFile.set(entry.file.source, [...(byFile.get(entry.file.source) ?? []), entry]);
  return {
    name: 'lazy-requires',
    setup(b) {
      for (const group of byFile.values()) {
        b.onLoad({ filter: group[0]!.file }, async (args) => {
          let source = await readFile(args.path, 'utf8');
          for (const entry of group) {
            if (!source.includes(entry.line)) throw new Error(`${args.path} no longer has the line ${entry.line} (${entry.why}): update tooling/bundle/src/lazy-requires.ts`);
            source = source.replace(entry.line, entry.replacement);
          }
          return { contents: source, loader: 'js' };
        });
      }
    },
  };
}
