/**
 * A partial configuration from one source (file, environment, flags).
 * Layers are merged in order; later ones win.
 */
import type { ServerConfig, TokenEntry } from './config.js';

/** What one source may set. `tokens` and `tokensFile` add up across layers. */
export type ConfigLayer = {
  -readonly [K in Exclude<keyof ServerConfig, 'tokens' | 'tokensFiles'>]?: ServerConfig[K];
} & {
  /** Tokens given inline (config file, environment). */
  tokens?: TokenEntry[];
  /** Files holding tokens in the text form. */
  tokensFiles?: string[];
};

/** Merges layers: scalars and `allow` from the last layer that sets them; tokens accumulate. */
export function mergeLayers(layers: readonly ConfigLayer[]): ConfigLayer {
  const out: ConfigLayer = {};
  const tokens: TokenEntry[] = [];
  const files: string[] = [];
  for (const layer of layers) {
    const { tokens: t, tokensFiles: f, ...rest } = layer;
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
    if (t) tokens.push(...t);
    if (f) files.push(...f);
  }
  return { ...out, tokens, tokensFiles: files };
}
