import { AsyncLocalStorage } from 'node:async_hooks';
import type { Activity, TurnContext } from 'botbuilder';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { AuthenticateRequestResult } from 'botframework-connector';

/**
 * The one place where Tafelbot reaches into the SDK beyond its documented surface. CloudAdapter.process() wants a
 * restify/Express request and response and prints every refused token with console.error (a multi-line stack per
 * 401). Tafelbot authenticates and runs the turn itself, through two protected members of CloudAdapterBase:
 *
 * - `botFrameworkAuthentication.authenticateRequest(activity, authHeader)`: validates the token (or, without an
 *   app id, allows the anonymous local caller), and yields the connector factory for the replies;
 * - `processActivity(authenticateRequestResult, activity, logic)`: runs the middleware and the turn logic with
 *   that result and returns the invoke response.
 *
 * A subclass uses them legitimately, so the compiler checks their names and types; test/unit/bot/sdkSeam.test.ts
 * fails at run time if either disappears or changes shape in a new SDK version.
 */
export class TafelbotAdapter extends TeamsAdapter {
  /**
   * Validates the Authorization header for this activity; throws when the caller is not authenticated. The SDK's
   * own console output during validation (a stack for an expired token, the public keys for a bad signature) is
   * dropped: the caller logs the refusal as one line, and a stranger's requests cannot fill the log.
   */
  authenticateInbound(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return withoutConsoleOutput(() =>
      this.botFrameworkAuthentication.authenticateRequest(activity, authHeader),
    );
  }

  /** Runs the turn for an activity that authenticateInbound() accepted; resolves to the invoke response, if any. */
  async runAuthenticated(
    authenticated: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<{ status: number; body?: unknown } | undefined> {
    return this.processActivity(authenticated, activity, logic);
  }
}

/** The protected SDK members the subclass relies on, for the seam test. */
export const SDK_MEMBERS_USED = {
  adapterMethod: 'processActivity',
  authenticationField: 'botFrameworkAuthentication',
  authenticationMethod: 'authenticateRequest',
} as const;

const quiet = new AsyncLocalStorage<true>();
let consoleFiltered = false;

/**
 * Runs `work` with console output suppressed for it alone: the flag follows the async call chain, so logs of
 * concurrent turns are untouched. Tafelbot's logger writes to stdout directly and is never affected.
 */
export function withoutConsoleOutput<T>(work: () => Promise<T>): Promise<T> {
  if (!consoleFiltered) {
    consoleFiltered = true;
    for (const method of ['error', 'warn', 'log', 'info', 'debug'] as const) {
      /* eslint-disable no-console -- wraps every console method on purpose */
      const original = console[method].bind(console);
      console[method] = (...args: unknown[]) => {
        if (quiet.getStore()) return;
        original(...args);
      };
      /* eslint-enable no-console */
    }
  }
  return quiet.run(true, work);
}
