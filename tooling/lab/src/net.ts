/**
 * A point-to-point network between the host and the guest: a tap device on
 * the host (created before boot, deleted after power-off) that the guest
 * sees as `vec0` (UML's vector driver), with a /30 between them. It lets a host program (a
 * browser, say) talk to a server the guest runs, and back.
 */
import { execFileSync } from 'node:child_process';
import { LabSetupError } from './kernel.js';

/** The addresses of one run's link. */
export interface LabNet {
  /** The host's tap device (at most 15 characters, the kernel's limit). */
  readonly tap: string;
  /** The host's end of the link. */
  readonly hostAddress: string;
  /** The guest's end (`vec0`). */
  readonly guestAddress: string;
}

/** The prefix length of the link: two usable addresses. */
export const LAB_NET_PREFIX = 30;

/**
 * The link of the lab run with process id `pid`: tap `sgiolab<pid>`, in
 * 10.213.0.0/16, so labs of different processes do not collide.
 */
export function labNetFor(pid: number): LabNet {
  const block = pid % 16_384; // 16384 /30 blocks in a /16
  const third = Math.floor(block / 64);
  const fourth = (block % 64) * 4;
  return {
    tap: `sgiolab${pid.toString(36)}`.slice(0, 15),
    hostAddress: `10.213.${third}.${fourth + 1}`,
    guestAddress: `10.213.${third}.${fourth + 2}`,
  };
}

function ip(args: readonly string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Creates and configures the host's tap device. Needs root (CAP_NET_ADMIN). */
export function createTap(net: LabNet): void {
  try {
    ip(['tuntap', 'add', 'dev', net.tap, 'mode', 'tap']);
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n').slice(0, 2).join(' ') : String(e);
    throw new LabSetupError(
      'ELAB_NET',
      `sgio-lab: could not create the tap device ${net.tap} for --net/--browser (${why}). It needs root (CAP_NET_ADMIN), /dev/net/tun and the ip tool (Debian: iproute2).`,
    );
  }
  try {
    ip(['addr', 'add', `${net.hostAddress}/${LAB_NET_PREFIX}`, 'dev', net.tap]);
    ip(['link', 'set', net.tap, 'up']);
  } catch (e) {
    removeTap(net);
    throw new LabSetupError('ELAB_NET', `sgio-lab: could not configure ${net.tap}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Deletes the tap device; quiet if it is already gone. */
export function removeTap(net: LabNet): void {
  try {
    ip(['link', 'del', net.tap]);
  } catch {
    // already gone
  }
}

/**
 * The guest's network interface: UML's vector driver names it `vec0`. The
 * vector driver is in every UML kernel the lab boots; the legacy `eth0=tuntap`
 * driver is not (Linux 7.x dropped it, and the lab's own kernel, used where
 * Debian's cannot run, has only the vector one).
 */
export const GUEST_INTERFACE = 'vec0';

/**
 * The UML command-line argument that attaches the guest's interface to the
 * tap (the vector driver's tap transport). `gro=1`: the host's tap hands
 * the guest TCP segments larger than the MTU; without it, small requests
 * passed but every download of 1 MiB from the host stalled (measured
 * 2026-12-03 on Linux 7.2: 100 small requests 0.38 s either way; five
 * 1 MiB downloads 0.15 s with it, none within 45 s without).
 */
export function umlNetArgument(net: LabNet): string {
  return `${GUEST_INTERFACE}:transport=tap,ifname=${net.tap},gro=1`;
}

/** The guest init's lines that bring the interface up with its address. */
export function guestNetScript(net: LabNet): string {
  return [
    `ip addr add ${net.guestAddress}/${LAB_NET_PREFIX} dev ${GUEST_INTERFACE} || fail "could not address ${GUEST_INTERFACE} (is the tap ${net.tap} there?)"`,
    `ip link set ${GUEST_INTERFACE} up || fail "could not bring ${GUEST_INTERFACE} up"`,
  ].join('\n');
}
