import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumArguments, devToolsEndpoint, findChromium } from './host-browser.js';

describe('host browser', () => {
  it('reads the DevTools endpoint from Chromium\'s stderr', () => {
    const text = '[1:2:ERROR:bus.cc] noise\n\nDevTools listening on ws://127.0.0.1:41339/devtools/browser/8b15-24d7\nmore';
    const url = devToolsEndpoint(text);
    expect(url?.port).toBe('41339');
    expect(url?.pathname).toBe('/devtools/browser/8b15-24d7');
    expect(devToolsEndpoint('DevTools listening on')).toBeUndefined();
  });

  it('runs headless, without the sandbox (root), on a free port, with its own profile', () => {
    const args = chromiumArguments('/tmp/x/profile');
    expect(args).toEqual(expect.arrayContaining(['--headless', '--no-sandbox', '--remote-debugging-port=0', '--user-data-dir=/tmp/x/profile']));
  });

  it('finds the browser on PATH or in SGIO_LAB_CHROMIUM, and says how to install it otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgio-chromium-'));
    try {
      const bin = join(dir, 'chromium');
      writeFileSync(bin, '#!/bin/sh\n');
      chmodSync(bin, 0o755);
      expect(findChromium({ PATH: `/nonexistent:${dir}` })).toBe(bin);
      expect(findChromium({ PATH: dir, SGIO_LAB_CHROMIUM: '/opt/c/chrome' })).toBe('/opt/c/chrome');
      expect(() => findChromium({ PATH: '/nonexistent' })).toThrow(expect.objectContaining({ code: 'ELAB_BROWSER', message: expect.stringContaining('apt-get install chromium') }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
