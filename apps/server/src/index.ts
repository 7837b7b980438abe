/** Package entry point. */
export const packageName = '@sgio/server';
