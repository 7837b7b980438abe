import { config } from '@sgio/eslint-config';

// .snippets/ holds the documentation examples the snippet test extracts
export default [{ ignores: ['.snippets/**'] }, ...config(import.meta.dirname)];
