/**
 * One outcome: how a command ended, decided in one place.
 *
 * @packageDocumentation
 */
export {
  OUTCOME_CATEGORIES,
  TRANSPORT_CATEGORY,
  exitStatusForCategory,
  isBenignSense,
  isRetryableSense,
  outcomeOf,
  type CompletionFields,
  type Outcome,
  type OutcomeCategory,
  type OutcomeFailure,
  type SenseSummary,
} from './outcome.js';
