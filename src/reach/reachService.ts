import {
  needsLookup,
  reachCsv,
  reachOf,
  summariseReach,
  type ReachContact,
  type ReachFacts,
  type ReachOrganisation,
  type ReachSummary,
} from '../domain/reach/reach';
import { can, type Actor, type PolicyContext } from '../domain/registry/actor';
import { refuse, succeed, type Result } from '../domain/shared/result';
import { GraphError, type TenantDirectory } from '../graph/graphClient';
import type { Logger } from '../observability/logger';
import type { PersonDocument, RegistryRepository } from '../storage/registryRepository';

/**
 * Reach per person before a broadcast (issue 15): for every contact of every contracted organisation, whether a
 * message reaches them in Teams now, in Teams after installation, only by e-mail, or not at all.
 *
 * With installation enabled the overview asks Graph about contacts not looked up recently (found: a week; not
 * found: a day) and caches each answer on the person, so opening it again costs no Graph calls. The lookups run
 * within a time budget (a card action must answer within seconds): what did not fit stays "unchecked", the card
 * says so, and opening it again continues. A throttled or refused Graph stops the lookups for this round.
 * A scheduled task (`refreshLookups`, every 15 minutes, once across instances) does the same in the background
 * with a longer budget, so after an import of a thousand contacts the overview is complete within the hour.
 */

export interface ReachServiceOptions {
  readonly installEnabled: boolean;
  /** Time for Graph lookups per overview. */
  readonly lookupBudgetMs?: number;
  /** Time for Graph lookups per run of the background task. */
  readonly backgroundBudgetMs?: number;
  readonly lookupConcurrency?: number;
}

export type LookupProblem = 'throttled' | 'forbidden' | 'unavailable' | 'budget';

export interface ReachOverview {
  readonly installEnabled: boolean;
  readonly organisations: readonly ReachOrganisation[];
  readonly contacts: readonly ReachContact[];
  readonly summary: ReachSummary;
  /** Graph lookups made for this overview, and why lookups stopped early (if they did). */
  readonly lookedUp: number;
  readonly lookupProblem: LookupProblem | null;
}

const NOT_ALLOWED = {
  nl: 'Alleen de gemeente kan het bereik van de contactpersonen bekijken.',
  en: 'Only the gemeente can view the reach of the contact persons.',
};

export class ReachService {
  private readonly budgetMs: number;
  private readonly backgroundBudgetMs: number;
  private readonly concurrency: number;

  constructor(
    private readonly registry: RegistryRepository,
    private readonly directory: TenantDirectory | undefined,
    private readonly logger: Logger,
    private readonly now: () => Date,
    private readonly options: ReachServiceOptions,
  ) {
    this.budgetMs = options.lookupBudgetMs ?? 6_000;
    this.backgroundBudgetMs = options.backgroundBudgetMs ?? 60_000;
    this.concurrency = options.lookupConcurrency ?? 4;
  }

  async overview(actor: Actor, policy: PolicyContext): Promise<Result<ReachOverview>> {
    if (!can(actor, 'registry.manage', policy)) return refuse('reach.notAllowed', NOT_ALLOWED);
    const [allOrganisations, people, linked] = await Promise.all([
      this.registry.listOrganisations(),
      this.registry.listPeople(),
      this.registry.teamsUsers.query('SELECT * FROM c WHERE IS_DEFINED(c.reference)'),
    ]);
    const withConversation = new Set(
      linked.filter((t) => t.reference && t.personId).map((t) => t.personId as string),
    );
    const organisations = allOrganisations
      .filter((o) => o.contracted)
      .map((o) => ({ id: o.id, name: o.name }));
    const known = new Set(organisations.map((o) => o.id));
    const contactsOf = people.filter((p) => p.memberships.some((m) => known.has(m.organisationId)));

    const installEnabled = this.installEnabled();
    const facts = this.factsOf(withConversation);
    const { updated, lookedUp, problem } = await this.lookUp(
      contactsOf.filter((p) => needsLookup(facts(p), this.now())),
      this.budgetMs,
    );

    const contacts: ReachContact[] = contactsOf.flatMap((p) => {
      const person = updated.get(p.id) ?? p;
      const reach = reachOf(facts(person));
      return person.memberships
        .filter((m) => known.has(m.organisationId))
        .map((m) => ({
          personId: person.id,
          name: person.name,
          email: person.email,
          organisationId: m.organisationId,
          role: m.role,
          reach,
        }));
    });
    return succeed({
      installEnabled,
      organisations,
      contacts,
      summary: summariseReach(organisations, contacts),
      lookedUp,
      lookupProblem: problem,
    });
  }

  /**
   * The background task: looks up the contacts the overview would ask about, with a longer budget. Returns how
   * many it looked up. No permission check: it runs on behalf of no one and shows nothing.
   */
  async refreshLookups(): Promise<number> {
    if (!this.installEnabled()) return 0;
    const [organisations, people, linked] = await Promise.all([
      this.registry.listOrganisations(),
      this.registry.listPeople(),
      this.registry.teamsUsers.query('SELECT * FROM c WHERE IS_DEFINED(c.reference)'),
    ]);
    const contracted = new Set(organisations.filter((o) => o.contracted).map((o) => o.id));
    const facts = this.factsOf(
      new Set(linked.filter((t) => t.reference && t.personId).map((t) => t.personId as string)),
    );
    const due = people.filter(
      (p) => p.memberships.some((m) => contracted.has(m.organisationId)) && needsLookup(facts(p), this.now()),
    );
    return (await this.lookUp(due, this.backgroundBudgetMs)).lookedUp;
  }

  private installEnabled(): boolean {
    return this.options.installEnabled && this.directory !== undefined;
  }

  private factsOf(withConversation: ReadonlySet<string>): (p: PersonDocument) => ReachFacts {
    const installEnabled = this.installEnabled();
    return (p) => ({
      email: p.email,
      hasConversation: withConversation.has(p.id),
      aadObjectId: p.aadObjectId,
      installEnabled,
      lookup: p.tenantLookup,
    });
  }

  /** The overview as CSV (semicolons and a byte order mark, for Dutch Excel). */
  async csv(actor: Actor, policy: PolicyContext): Promise<Result<string>> {
    const overview = await this.overview(actor, policy);
    if (!overview.ok) return overview;
    return succeed(
      reachCsv(overview.value.organisations, overview.value.contacts, {
        separator: ';',
        byteOrderMark: true,
      }),
    );
  }

  private async lookUp(
    people: readonly PersonDocument[],
    budgetMs: number,
  ): Promise<{
    updated: Map<string, PersonDocument>;
    lookedUp: number;
    problem: LookupProblem | null;
  }> {
    const updated = new Map<string, PersonDocument>();
    const directory = this.directory;
    if (!directory || people.length === 0) return { updated, lookedUp: 0, problem: null };
    const deadline = Date.now() + budgetMs;
    let next = 0;
    let lookedUp = 0;
    let problem: LookupProblem | null = null;
    const lane = async (): Promise<void> => {
      while (next < people.length && problem === null) {
        if (Date.now() >= deadline) {
          problem = 'budget';
          return;
        }
        const person = people[next++]!;
        try {
          const user = await directory.findUserByEmail(person.email);
          lookedUp++;
          const lookup = {
            result: user ? user.userType : ('not-found' as const),
            objectId: user?.id ?? null,
            checkedAt: this.now().toISOString(),
          };
          await this.registry.recordTenantLookup(person.id, lookup);
          updated.set(person.id, { ...person, tenantLookup: lookup });
        } catch (error) {
          if (!(error instanceof GraphError)) throw error;
          problem =
            error.status === 429 || error.status === 503 || error.status === 504
              ? 'throttled'
              : error.status === 401 || error.status === 403
                ? 'forbidden'
                : 'unavailable';
          this.logger.warn('reach lookup stopped', { status: error.status, code: error.code });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, people.length) }, lane));
    if (lookedUp > 0) this.logger.info('reach lookups made', { count: lookedUp, problem });
    return { updated, lookedUp, problem };
  }
}
