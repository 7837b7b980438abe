/**
 * In the guest: the link to the host (`--net`) and the host's browser
 * (`--browser`), as the lab exported them. A test that needs them fails
 * with what to do when the lab was started without them; it never skips.
 */

/** The lab was booted without the link or browser a test needs. */
export class NoLabNetError extends Error {
  /** Stable error code. */
  readonly code = 'ELAB_NO_NET';
  constructor(what: string, option: '--net' | '--browser') {
    super(`${what} needs the lab booted with ${option} (pnpm test:lab passes --browser, which implies --net); it does not skip without it.`);
    this.name = 'NoLabNetError';
  }
}

/** The guest's and the host's addresses on the lab link. */
export function labLink(what = 'This test'): { guestAddress: string; hostAddress: string } {
  const guestAddress = process.env.SGIO_LAB_GUEST_ADDRESS ?? '';
  const hostAddress = process.env.SGIO_LAB_HOST_ADDRESS ?? '';
  if (!guestAddress || !hostAddress) throw new NoLabNetError(what, '--net');
  return { guestAddress, hostAddress };
}

/** The DevTools WebSocket endpoint of the host's headless Chromium (for `puppeteer.connect`). */
export function hostBrowserEndpoint(what = 'This test'): string {
  const endpoint = process.env.SGIO_LAB_BROWSER ?? '';
  if (!endpoint) throw new NoLabNetError(what, '--browser');
  return endpoint;
}
