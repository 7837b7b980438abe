/**
 * The licence texts of the third-party packages a bundle copies code from,
 * found from esbuild's metafile (each input's nearest named package.json).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder of the npm package that holds `file` (its nearest package.json with a name). */
function packageDir(file: string): string | undefined {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name) return dir;
  }
  return undefined;
}

/**
 * One text naming each bundled third-party package (not `@sgio/*`) with its
 * version, licence and licence file.
 * @param inputs - the bundle's input files (the metafile's `inputs` keys)
 * @param bundled - what the text says the packages are bundled into
 */
export function thirdPartyLicences(inputs: Iterable<string>, bundled: string): string {
  const texts = new Map<string, string>();
  for (const input of inputs) {
    if (!input.includes('node_modules/')) continue;
    const dir = packageDir(input);
    if (!dir || texts.has(dir)) continue;
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
    if (manifest.name.startsWith('@sgio/')) continue;
    const licenceFile = readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
    texts.set(dir, `${manifest.name}@${manifest.version} (${manifest.license ?? 'see its package'})\n\n${licenceFile ? readFileSync(join(dir, licenceFile), 'utf8').trim() : 'no licence file in the package'}\n`);
  }
  return `${bundled} bundle code of these packages:\n\n${[...texts.values()].sort().join('\n---\n\n')}`;
}
