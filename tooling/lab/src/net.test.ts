import { describe, expect, it } from 'vitest';
import { guestNetScript, labNetFor, umlNetArgument } from './net.js';

describe('labNetFor', () => {
  it('gives each process its own /30: host .1, guest .2 of a block, a tap name within 15 characters', () => {
    const a = labNetFor(4_194_303);
    expect(a.tap.length).toBeLessThanOrEqual(15);
    expect(a.tap).toMatch(/^sgiolab[0-9a-z]+$/);
    const [h, g] = [a.hostAddress, a.guestAddress].map((s) => s.split('.').map(Number));
    expect(h!.slice(0, 3)).toEqual(g!.slice(0, 3));
    expect(h![3]! % 4).toBe(1);
    expect(g![3]).toBe(h![3]! + 1);
    expect(labNetFor(1234).hostAddress).not.toBe(labNetFor(1235).hostAddress);
    expect(labNetFor(1234).tap).not.toBe(labNetFor(1235).tap);
  });
});

describe('the guest side', () => {
  it('attaches the guest interface (vec0, the vector driver) to the tap and addresses it, failing the boot with a reason otherwise', () => {
    const net = labNetFor(77);
    expect(umlNetArgument(net)).toBe(`vec0:transport=tap,ifname=${net.tap},gro=1`);
    const script = guestNetScript(net);
    expect(script).toContain(`ip addr add ${net.guestAddress}/30 dev vec0 || fail`);
    expect(script).toContain('ip link set vec0 up || fail');
  });
});
