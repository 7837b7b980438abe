import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { envScript, guestWord, shellQuote } from './shell-quote.js';

const echoBack = (script: string): string => execFileSync('bash', ['-c', script], { encoding: 'utf8' });

describe('shellQuote', () => {
  it.each(['plain', 'a b', "it's", '$HOME', '`x`', 'tab\there', 'new\nline', '', '*'])('round-trips %j through bash', (w) => {
    expect(echoBack(`printf %s ${shellQuote(w)}`)).toBe(w);
  });
});

describe('guestWord', () => {
  it('keeps glob characters live and quotes the rest', () => {
    expect(guestWord('/dev/sg*')).toBe("/dev/sg*");
    expect(guestWord('/tmp/a b*')).toBe("'/tmp/a b'*");
    expect(echoBack(`cd /; printf '%s\\n' ${guestWord('/bi?')}`)).toBe('/bin\n');
  });
});

describe('envScript', () => {
  it('exports valid names only, quoting values, skipping the listed ones', () => {
    const script = envScript({ A: "x 'y'", 'BAD-NAME': '1', PWD: '/x', B: undefined }, ['PWD']);
    expect(script).toBe("export A='x '\\''y'\\'''\n");
    expect(echoBack(`${script}printf %s "$A"`)).toBe("x 'y'");
  });
});
