/** Package entry point. */
export const packageName = '@sgio/libc';
