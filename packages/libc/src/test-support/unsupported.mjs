// Pretends to run on another platform: importing must work, calling must
// throw UnsupportedPlatformError.
Object.defineProperty(process, 'platform', { value: 'darwin' });
const lib = await import('../../dist/index.js');
const out = { imported: typeof lib.open === 'function', MAP_SHARED: lib.MAP_SHARED, supported: lib.isSupportedPlatform() };
for (const [name, call] of [['open', () => lib.open('/dev/null')], ['mmap', () => lib.mmap({ length: 4096 })], ['pageSize', () => lib.pageSize()]]) {
  try {
    call();
    out[name] = 'no error';
  } catch (e) {
    out[name] = { code: e.code, message: e.message, isClass: e instanceof lib.UnsupportedPlatformError };
  }
}
try {
  await lib.readAsync(0, Buffer.alloc(1));
} catch (e) {
  out.readAsync = e.code;
}
console.log(JSON.stringify(out));
