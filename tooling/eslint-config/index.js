// @ts-check
/**
 * The shared flat config. Usage in a package's eslint.config.js:
 *
 *   import { config } from '@sgio/eslint-config';
 *   export default config(import.meta.dirname);
 */
import tseslint from 'typescript-eslint';
import { plugin } from './layers.js';

export { defaultLayers, layersRule, plugin } from './layers.js';

/**
 * Builds the flat config for a package rooted at `tsconfigRootDir`.
 * @param {string} tsconfigRootDir
 */
export function config(tsconfigRootDir) {
  return tseslint.config(
    { ignores: ['dist/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
    ...tseslint.configs.recommendedTypeChecked,
    {
      languageOptions: {
        parserOptions: { projectService: true, tsconfigRootDir },
      },
      plugins: { sgio: plugin },
      rules: {
        'sgio/layers': 'error',
        '@typescript-eslint/consistent-type-imports': 'error',
        '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
        '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      },
    },
    {
      files: ['**/*.test.ts', '**/*.test-d.ts', 'test/**'],
      rules: {
        '@typescript-eslint/no-floating-promises': 'off',
        '@typescript-eslint/no-unsafe-assignment': 'off',
        '@typescript-eslint/no-unsafe-member-access': 'off',
        '@typescript-eslint/no-non-null-assertion': 'off',
        '@typescript-eslint/unbound-method': 'off',
      },
    },
  );
}
