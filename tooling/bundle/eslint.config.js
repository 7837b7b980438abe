import { config } from '@sgio/eslint-config';

export default config(import.meta.dirname);
