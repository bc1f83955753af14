import {
  ALGORITHM_VERSION,
  type DistributionFramework,
  type Registration,
  type SelectionOutcome,
  type ValidationProblem,
} from './types';
import { validateFramework } from './framework';
import { validateRegistrations } from './registrations';
import { prepareRegistrations, type PreparedRegistrations } from './prepared';
import { runDrawProcedure, type DrawTrace } from './procedure';
import { sha256Streams, validateSeed } from './random';
import { describeReason, findUnmetRules } from './rules';

/**
 * Input a draw cannot run on; `problems` lists every finding in both languages. The error's own message (for logs
 * and a developer's stack trace) is the Dutch list.
 */
export class LotteryInputError extends Error {
  constructor(readonly problems: readonly ValidationProblem[]) {
    super(
      `De loting kan niet worden uitgevoerd:\n- ${problems.map((problem) => problem.message.nl).join('\n- ')}`,
    );
    this.name = 'LotteryInputError';
  }
}

export function validateDrawInput(
  registrations: unknown,
  framework: unknown,
  seed: unknown,
): ValidationProblem[] {
  return [...validateFramework(framework), ...validateRegistrations(registrations), ...validateSeed(seed)];
}

export function assertValidDrawInput(registrations: unknown, framework: unknown, seed: unknown): void {
  const problems = validateDrawInput(registrations, framework, seed);
  if (problems.length > 0) throw new LotteryInputError(problems);
}

export function outcomeFromTrace(
  prepared: PreparedRegistrations,
  framework: DistributionFramework,
  trace: DrawTrace,
): SelectionOutcome {
  const registrationAt = (index: number): Registration => prepared.registrations[index] as Registration;
  return {
    algorithmVersion: ALGORITHM_VERSION,
    seats: framework.seats,
    seatsFilled: trace.picks.length,
    selected: trace.picks.map((pick, position) => {
      const registration = registrationAt(pick.index);
      return {
        rank: position + 1,
        registrationId: registration.registrationId,
        organisationId: registration.organisationId,
        organisationName: registration.organisationName,
        perceel: registration.perceel,
        reason: pick.reason,
        reasonDescription: describeReason(pick.reason, registration.perceel),
      };
    }),
    reserve: trace.reserve.map((index, position) => {
      const registration = registrationAt(index);
      return {
        rank: position + 1,
        registrationId: registration.registrationId,
        organisationId: registration.organisationId,
        organisationName: registration.organisationName,
        perceel: registration.perceel,
      };
    }),
    unmetRules: findUnmetRules(prepared, framework, trace),
  };
}

/**
 * The selection for the Overlegtafel: a stratified lottery by the framework, fully determined by the seed and
 * independent of the order of `registrations`. Throws {@link LotteryInputError} on invalid input (including a
 * second registration of an organisation).
 */
export function drawSelection(
  registrations: readonly Registration[],
  framework: DistributionFramework,
  seed: string,
): SelectionOutcome {
  assertValidDrawInput(registrations, framework, seed);
  const prepared = prepareRegistrations(registrations);
  const trace = runDrawProcedure(prepared, framework, sha256Streams(seed), 'volledig');
  return outcomeFromTrace(prepared, framework, trace);
}
