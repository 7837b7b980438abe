/**
 * The command policy: whether a caller may run a command, decided from what
 * the command does (its {@link Effect}), never from what the caller says
 * about it. One function, {@link decideCommand}, used by sgiod's commands
 * endpoint and by anything else that gates commands (a CLI, another server).
 *
 * | effect        | switch the operator turns on | capability the caller needs |
 * |---------------|------------------------------|-----------------------------|
 * | `read`        | (none)                       | `read`                      |
 * | `state`       | `allowWrite`                 | `write`                     |
 * | `write`       | `allowWrite`                 | `write`                     |
 * | `destructive` | `allowWrite` and `allowDestructive` | `admin`              |
 *
 * Unknown, reserved and vendor-specific opcodes are `destructive` (that is
 * what `classifyCdb` reports for them), unless a command pack the operator
 * loaded declares another effect.
 */
import type { Effect } from '@sgio/struct';

/** What the operator switched on (sgiod: `--allow-write`, `--allow-destructive`). */
export interface PolicySwitches {
  /** Commands that write data or change device state may run. */
  readonly allowWrite: boolean;
  /** Commands that can destroy data or are unknown may run (also needs {@link allowWrite}). */
  readonly allowDestructive: boolean;
}

/** A capability a caller can hold (sgiod: a token scope). */
export type PolicyCapability = 'read' | 'write' | 'admin';

/** An operator switch a refusal names. */
export type PolicySwitch = 'allowWrite' | 'allowDestructive';

/** The answer of {@link decideCommand}. */
export type PolicyDecision = PolicyAllowed | PolicyRefused;

/** The command may run. */
export interface PolicyAllowed {
  /** Always true. */
  readonly allowed: true;
  /** The effect decided on. */
  readonly effect: Effect;
}

/** The command may not run, and why. */
export interface PolicyRefused {
  /** Always false. */
  readonly allowed: false;
  /** The effect decided on. */
  readonly effect: Effect;
  /** The operator switch that is off, when that is the reason. */
  readonly missingSwitch?: PolicySwitch;
  /** The capability the caller lacks, when that is the reason (switches are checked first). */
  readonly missingCapability?: PolicyCapability;
}

const CAPABILITY: Readonly<Record<Effect, PolicyCapability>> = { read: 'read', state: 'write', write: 'write', destructive: 'admin' };

/**
 * Decides whether a command of `effect` may run with the operator's
 * `switches` for a caller holding `capabilities`. Switches are checked
 * before capabilities, so a refusal names what the operator must change
 * first. Pure; allocates only the answer.
 */
export function decideCommand(effect: Effect, switches: PolicySwitches, capabilities: ReadonlySet<string>): PolicyDecision {
  if (effect !== 'read' && !switches.allowWrite) return { allowed: false, effect, missingSwitch: 'allowWrite' };
  if (effect === 'destructive' && !switches.allowDestructive) return { allowed: false, effect, missingSwitch: 'allowDestructive' };
  const needed = CAPABILITY[effect];
  if (!capabilities.has(needed)) return { allowed: false, effect, missingCapability: needed };
  return { allowed: true, effect };
}

/** The capability {@link decideCommand} requires for `effect`. */
export function capabilityFor(effect: Effect): PolicyCapability {
  return CAPABILITY[effect];
}
