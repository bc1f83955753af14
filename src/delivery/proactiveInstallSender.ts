import type { BroadcastMessage } from '../domain/delivery/broadcast';
import { installFailureReason, type InstallProblem } from '../domain/reach/installation';
import { isUsableEmail, knownTenantObjectId } from '../domain/reach/reach';
import { GraphError, type InstallResult, type TenantDirectory } from '../graph/graphClient';
import type { Logger } from '../observability/logger';
import type { RegistryRepository } from '../storage/registryRepository';
import { SendError, type MessageSender, type SendTarget, type SentMessage } from './messageSender';

/**
 * Proactive installation (issue 15), as a decorator around the real sender, the way Microsoft's Company
 * Communicator reaches people who never opened the app: for a recipient without a saved conversation it finds
 * the person in the tenant by e-mail address (members and guests), installs the app from the organisation's
 * catalog for them, and then lets the inner sender create the 1:1 conversation and send. Teams also sends an
 * installationUpdate, whose turn links the person and saves the conversation as on any first contact.
 *
 * Outcomes for the ledger: Graph throttling (429, 503, 504, network) is a retriable SendFailure with Graph's
 * Retry-After, so the worker retries it later; everything else is a permanent failure (status 0) with a reason
 * the gemeente can act on. Logs carry person ids and statuses only.
 */

export interface ProactiveInstallOptions {
  readonly catalogAppId: string;
  /** Where to create conversations when no user ever showed the bot a tenant (single tenant: from config). */
  readonly fallbackTenantId: string | null;
  readonly fallbackServiceUrl: string | null;
  readonly now?: () => Date;
}

/** After a fresh installation Teams may need a moment before the bot can open the chat: retry once soon. */
const FRESH_INSTALL_RETRY_MS = 5_000;

const THROTTLED = new Set([429, 503, 504]);

export class ProactiveInstallSender implements MessageSender {
  private readonly now: () => Date;

  constructor(
    private readonly inner: MessageSender,
    private readonly directory: TenantDirectory,
    private readonly registry: RegistryRepository,
    private readonly logger: Logger,
    private readonly options: ProactiveInstallOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  update(target: SendTarget, activityId: string, message: BroadcastMessage): Promise<void> {
    return this.inner.update(target, activityId, message);
  }

  /** Finds the person in the tenant and installs the app for them; no Teams request yet. */
  async prepare(target: SendTarget): Promise<SendTarget> {
    if (target.reference || target.installed) return target;
    const person = await this.registry.getPerson(target.personId);
    if (!person) return target; // the inner sender records why it cannot send

    let objectId =
      target.aadObjectId ??
      person.value.aadObjectId ??
      knownTenantObjectId(person.value.tenantLookup, this.now());
    if (!objectId) {
      if (!isUsableEmail(person.value.email)) throw this.failure(target, 'no-address');
      const user = await this.graph(target, 'lookup', () =>
        this.directory.findUserByEmail(person.value.email),
      );
      await this.registry
        .recordTenantLookup(target.personId, {
          result: user ? user.userType : 'not-found',
          objectId: user?.id ?? null,
          checkedAt: this.now().toISOString(),
        })
        .catch(() => undefined); // a cache: losing it costs one lookup next time
      if (!user) throw this.failure(target, 'not-in-tenant');
      objectId = user.id;
    }
    const tenantUserId = objectId;
    const installed: InstallResult = await this.graph(target, 'install', () =>
      this.directory.installAppForUser(tenantUserId, this.options.catalogAppId),
    );
    this.logger.info('teams app installed for recipient', { personId: target.personId, result: installed });
    // Link now, so a retry skips the lookup; the installationUpdate turn links the same person by address.
    if (!target.aadObjectId) await this.link(target.personId, objectId);
    return {
      ...target,
      aadObjectId: objectId,
      tenantId: target.tenantId ?? this.options.fallbackTenantId,
      serviceUrl: target.serviceUrl ?? this.options.fallbackServiceUrl,
      installed,
    };
  }

  async send(original: SendTarget, message: BroadcastMessage): Promise<SentMessage> {
    if (original.reference) return this.inner.send(original, message);
    const target = await this.prepare(original);
    const objectId = target.aadObjectId;
    if (!target.installed || !objectId) return this.inner.send(target, message);
    const { installed, tenantId } = target;
    // A caller that knew the object id saves a created conversation itself (the worker does, after prepare).
    const callerKnowsUser = original.aadObjectId !== null;
    let sent: SentMessage;
    try {
      sent = await this.inner.send(target, message);
    } catch (error) {
      const status = error instanceof SendError ? error.failure.status : undefined;
      if (installed === 'installed' && (status === 403 || status === 404))
        throw new SendError({
          status: 503,
          retryAfterMs: FRESH_INSTALL_RETRY_MS,
          reason: 'Teams kende de nieuwe installatie nog niet; later opnieuw geprobeerd.',
          reasonEn: 'Teams did not know the new installation yet; tried again later.',
        });
      throw error;
    }
    if (!sent.createdReference || callerKnowsUser) return sent;
    // The caller did not know the object id, so it cannot save the created conversation: save it here.
    const current = await this.registry.getTeamsUser(objectId);
    await this.registry
      .saveTeamsUser(objectId, current, {
        reference: sent.createdReference,
        personId: target.personId,
        tenantId,
      })
      .catch((error: Error) =>
        this.logger.warn('could not save the created conversation', {
          personId: target.personId,
          error: error.name,
        }),
      );
    return { ...sent, createdReference: null };
  }

  private async link(personId: string, objectId: string): Promise<void> {
    const person = await this.registry.getPerson(personId);
    if (person) await this.registry.linkTeamsUser(objectId, person);
  }

  /** Runs a Graph call and turns its failure into a ledger outcome. */
  private async graph<T>(target: SendTarget, step: 'lookup' | 'install', call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      this.logger.warn('microsoft graph call failed', {
        personId: target.personId,
        step,
        status: error.status,
        code: error.code,
      });
      if (error.status === undefined || THROTTLED.has(error.status))
        throw new SendError({
          status: error.status,
          retryAfterMs: error.retryAfterMs,
          reason: `Microsoft Graph ${error.status === undefined ? 'was niet bereikbaar' : `remde af (${error.status})`}`,
          reasonEn: `Microsoft Graph ${error.status === undefined ? 'could not be reached' : `throttled (${error.status})`}`,
        });
      if (error.status === 401 || error.status === 403)
        throw this.failure(target, 'permission-missing', error.status);
      // A 404 names the user (deleted since it was linked) or, far more often, an app the catalog does not hold.
      if (step === 'install' && error.status === 404)
        throw this.failure(
          target,
          error.code === 'Request_ResourceNotFound' ? 'not-in-tenant' : 'app-not-in-catalog',
        );
      throw this.failure(target, 'graph-refused', error.status);
    }
  }

  private failure(target: SendTarget, problem: InstallProblem, status?: number): SendError {
    this.logger.info('recipient not installable', { personId: target.personId, problem });
    return new SendError({
      status: 0,
      retryAfterMs: undefined,
      reason: installFailureReason(problem, status),
      reasonEn: installFailureReason(problem, status, 'en'),
    });
  }
}
