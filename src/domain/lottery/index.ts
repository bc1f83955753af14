/**
 * The Overlegtafel selection ("loting"): a stratified, seeded, verifiable lottery. Pure TypeScript without SDKs;
 * the algorithm is described in docs/lottery.md so anyone can re-implement and check it.
 */
export * from './types';
export { defaultFramework, validateFramework, MAX_SEATS, MAX_MINIMUM_PER_PERCEEL } from './framework';
export { validateRegistrations, sortCanonically, toDrawRegistration } from './registrations';
export { validateSeed, Sha256CounterStream, shuffleFront, type RandomSource } from './random';
export { drawSelection, validateDrawInput, LotteryInputError } from './draw';
export { describeReason, describeReasonEn } from './rules';
export { unmetRuleMessages, describeUnmetRuleEn } from './unmetText';
export {
  computeSelectionProbabilities,
  monteCarloSeed,
  DEFAULT_MONTE_CARLO_RUNS,
  MIN_MONTE_CARLO_RUNS,
  MAX_MONTE_CARLO_RUNS,
  type ProbabilityOptions,
} from './probabilities';
export { canonicalJson, sha256Hex } from './canonicalJson';
export {
  buildDrawRecord,
  verifyDrawRecord,
  registrationsSha256,
  type DrawRecordInput,
  type VerificationResult,
} from './record';
export { commitmentOf, seedFromCommitReveal, checkSeedCommitment, SECRET_PATTERN } from './commitReveal';
export { frameworkDeviations, deviationsWithReason, describeDeviation } from './deviations';
