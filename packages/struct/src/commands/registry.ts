/** The registry of built-in commands, assembled through the public pack API. */
import { CommandSet } from '../dsl/command-set.js';
import { ataCommands, mmcCommands, sbcCommands, spcCommands, sscCommands, zbcCommands } from './packs.js';

/** Builds a new set holding the built-in packs. */
function buildStandardSet(): CommandSet {
  return new CommandSet().use(spcCommands).use(sbcCommands).use(zbcCommands).use(sscCommands).use(mmcCommands).use(ataCommands);
}

/**
 * Every built-in command (SPC, SBC, ZBC, SSC, MMC, SAT packs), registered with
 * `.use(pack)` as a third party would. Treat it as read-only; call
 * {@link createCommandSet} for a set you can extend.
 */
export const standardCommands: CommandSet = buildStandardSet();

/** A fresh copy of {@link standardCommands}, for callers that register their own packs. */
export function createCommandSet(): CommandSet {
  return standardCommands.clone();
}
