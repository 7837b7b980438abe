export default [
  {
    files: ['**/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { process: 'readonly', URL: 'readonly' } },
    rules: { 'no-unused-vars': 'error', 'no-undef': 'error', 'prefer-const': 'error' },
  },
];
