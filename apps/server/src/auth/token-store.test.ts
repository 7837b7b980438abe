import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/errors.js';
import { TokenStore } from './token-store.js';
import { parseTokenText } from './token-text.js';

describe('tokens', () => {
  it('parses the text form with comments, names and ; separators (SGIOD_TOKENS)', () => {
    const t = parseTokenText('# ops\nAAAAAAAAAAAAAAAA1 read,write ops\n\nBBBBBBBBBBBBBBBB2 raw;CCCCCCCCCCCCCCCC3 read', 'tokens', { semicolons: true });
    expect(t).toEqual([
      { token: 'AAAAAAAAAAAAAAAA1', scopes: ['read', 'write'], name: 'ops' },
      { token: 'BBBBBBBBBBBBBBBB2', scopes: ['raw'], name: 'tokens#4' },
      { token: 'CCCCCCCCCCCCCCCC3', scopes: ['read'], name: 'tokens#5' },
    ]);
  });

  it('splits files only at newlines: ; is part of a token there', () => {
    expect(parseTokenText('AAAAAAAAAAAAAAAA;1 read,admin ops', 'file')).toEqual([{ token: 'AAAAAAAAAAAAAAAA;1', scopes: ['read', 'admin'], name: 'ops' }]);
    expect(() => parseTokenText('BBBBBBBBBBBBBBBB2 raw;CCCCCCCCCCCCCCCC3 read', 'file')).toThrow(/unknown scope/);
  });

  it('reloads: a replaced list takes effect at once', () => {
    const store = new TokenStore(parseTokenText('AAAAAAAAAAAAAAAA1 read one', 't'));
    store.replace(parseTokenText('BBBBBBBBBBBBBBBB2 read two', 't'));
    expect(store.verify('AAAAAAAAAAAAAAAA1')).toBeUndefined();
    expect(store.verify('BBBBBBBBBBBBBBBB2')?.name).toBe('two');
  });

  // 'admin' became a scope (issue 13 §2); an unknown scope is still refused
  it.each(['short read', 'AAAAAAAAAAAAAAAA1 superuser', 'AAAAAAAAAAAAAAAA1', 'AAAAAAAAAAAAAAAA1 read a b'])('refuses %j', (text) => {
    expect(() => parseTokenText(text, 'x')).toThrow(ConfigError);
  });

  it('verifies tokens to their principal and nothing else', () => {
    const store = new TokenStore(parseTokenText('AAAAAAAAAAAAAAAA1 read one\nBBBBBBBBBBBBBBBB2 read,write two', 't'));
    expect(store.verify('AAAAAAAAAAAAAAAA1')?.name).toBe('one');
    expect([...store.verify('BBBBBBBBBBBBBBBB2')!.scopes]).toEqual(['read', 'write']);
    expect(store.verify('AAAAAAAAAAAAAAAA')).toBeUndefined();
    expect(store.verify('AAAAAAAAAAAAAAAA12')).toBeUndefined();
    expect(store.verify('')).toBeUndefined();
  });
});
