import { RuleTester } from 'eslint';
import { describe, it } from 'vitest';
import { layersRule } from './layers.js';

RuleTester.describe = describe;
RuleTester.it = it;
const tester = new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: 'module' } });

tester.run('sgio/layers', layersRule, {
  valid: [
    { code: "import { x } from '@sgio/struct';", options: [{ package: '@sgio/core' }] },
    { code: "import { x } from '@sgio/libc';", options: [{ package: '@sgio/core' }] },
    { code: "import { x } from './local.js';", options: [{ package: '@sgio/struct' }] },
    { code: "import { readFileSync } from 'node:fs';", options: [{ package: '@sgio/libc' }] },
    { code: "import { lab } from '@sgio/lab';", filename: 'src/a.lab.test.ts', options: [{ package: '@sgio/core' }] },
    { code: "import { readFileSync } from 'node:fs';", filename: 'src/a.test.ts', options: [{ package: '@sgio/struct' }] },
  ],
  invalid: [
    { code: "import { SgDevice } from '@sgio/core';", options: [{ package: '@sgio/struct' }], errors: [{ messageId: 'layer' }] },
    { code: "export * from '@sgio/core';", options: [{ package: '@sgio/struct' }], errors: [{ messageId: 'layer' }] },
    { code: "const m = import('@sgio/libc');", options: [{ package: '@sgio/struct' }], errors: [{ messageId: 'layer' }] },
    { code: "import { x } from '@sgio/struct';", options: [{ package: '@sgio/libc' }], errors: [{ messageId: 'layer' }] },
    { code: "import { x } from '@sgio/cli';", options: [{ package: '@sgio/core' }], errors: [{ messageId: 'layer' }] },
    { code: "import { x } from '@sgio/libc';", options: [{ package: '@sgio/cli' }], errors: [{ messageId: 'layer' }] },
    { code: "import { lab } from '@sgio/lab';", filename: 'src/a.ts', options: [{ package: '@sgio/core' }], errors: [{ messageId: 'layer' }] },
    { code: "import { readFileSync } from 'node:fs';", options: [{ package: '@sgio/struct' }], errors: [{ messageId: 'pure' }] },
    { code: "import fs from 'fs';", options: [{ package: '@sgio/struct' }], errors: [{ messageId: 'pure' }] },
    { code: "import koffi from 'koffi';", options: [{ package: '@sgio/struct' }], errors: [{ messageId: 'pure' }] },
  ],
});

tester.run('sgio/layers test folders', layersRule, {
  valid: [
    { code: "import { readFileSync } from 'node:fs';", filename: '/repo/packages/struct/test/support/fixtures.mts', options: [{ package: '@sgio/struct' }] },
    { code: "import { lab } from '@sgio/lab';", filename: '/repo/apps/cli/src/test-support/target-process.ts', options: [{ package: '@sgio/cli' }] },
  ],
  invalid: [{ code: "import { readFileSync } from 'node:fs';", filename: '/repo/packages/struct/src/testing.ts', options: [{ package: '@sgio/struct' }], errors: [{ messageId: 'pure' }] }],
});
