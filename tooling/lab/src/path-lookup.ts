/** Finding host programs on `PATH`. */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The first executable file named one of `names` in `path`'s folders: each
 * folder in turn, and in it each name in order. Undefined when there is none.
 * @param names - program names, in order of preference
 * @param path - a `PATH` value
 */
export function findOnPath(names: readonly string[], path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    for (const name of names) {
      const file = join(dir, name);
      try {
        accessSync(file, constants.X_OK);
        return file;
      } catch {
        // next
      }
    }
  }
  return undefined;
}
