import { rolesOf, type Actor, type OrganisationRole, type TableLead } from '../domain/registry/actor';
import type { Logger } from '../observability/logger';
import type { Versioned } from '../storage/documentStore';
import type {
  PersonDocument,
  RegistryRepository,
  StoredConversationReference,
  TeamsUserDocument,
} from '../storage/registryRepository';

/**
 * Who is acting, from the store, on every turn (no in-memory cache: any instance may serve the next turn).
 * Along the way it keeps the sender's conversation reference current and links a Teams user to the registered
 * person with the same e-mail address on first contact. What the channel says about the sender comes in as a
 * plain Sender, so this stays free of the Bot Framework.
 */

export interface Sender {
  /** The sender's Entra object id: the id of their Teams user document. */
  readonly aadObjectId: string;
  /** The sender's Teams user document if the turn read it already, so a turn reads it once. */
  readonly preloaded?: { readonly document: Versioned<TeamsUserDocument> | undefined };
  /** Only from a personal (1:1) conversation: the place to send the sender a proactive message. */
  readonly reference?: StoredConversationReference;
  readonly tenantId?: string;
  /**
   * The sender's addresses as Teams knows them, best first ([] when it cannot tell); asked only for someone
   * unlinked.
   */
  readonly addresses: () => Promise<readonly string[]>;
}

export interface ActorLookup {
  /** Also look up the ontwikkeltafels the person leads (a read per table; only the cards that show it need it). */
  readonly withTables?: boolean;
}

export interface ResolvedSender {
  readonly actor: Actor;
  readonly teamsUser: Versioned<TeamsUserDocument>;
  /** The e-mail address Teams gave for an unknown user, to show them what we looked for. */
  readonly teamsEmail: string;
}

export class ActorDirectory {
  constructor(
    private readonly registry: RegistryRepository,
    private readonly logger: Logger,
  ) {}

  async resolve(sender: Sender, lookup: ActorLookup = {}): Promise<ResolvedSender> {
    const { aadObjectId } = sender;
    const teamsUser = sender.preloaded
      ? sender.preloaded.document
      : await this.registry.getTeamsUser(aadObjectId);

    const change: { reference?: StoredConversationReference; tenantId?: string } = {};
    if (sender.reference) change.reference = sender.reference;
    if (sender.tenantId) change.tenantId = sender.tenantId;

    let person: Versioned<PersonDocument> | undefined;
    let teamsEmail = '';
    if (teamsUser?.value.personId) {
      person = await this.registry.getPerson(teamsUser.value.personId);
    }
    if (!person) {
      const addresses = await sender.addresses();
      teamsEmail = addresses[0] ?? '';
      for (const address of addresses) {
        person ??= await this.registry.findPersonByEmail(address);
      }
      if (person) {
        person = await this.registry.linkTeamsUser(aadObjectId, person);
        this.logger.info('teams user linked to person', { personId: person.value.id });
      }
    }
    const saved = await this.registry.saveTeamsUser(aadObjectId, teamsUser, {
      ...change,
      personId: person?.value.id ?? null,
    });

    if (!person) return { actor: { kind: 'unknown' }, teamsUser: saved, teamsEmail };
    const [roles, trekkerOf] = await Promise.all([
      this.rolesOf(person.value),
      lookup.withTables ? this.tablesOf(person) : Promise.resolve([]),
    ]);
    return {
      actor: { kind: 'person', person: person.value, roles, trekkerOf },
      teamsUser: saved,
      teamsEmail,
    };
  }

  private async rolesOf(person: PersonDocument): Promise<OrganisationRole[]> {
    const organisations = await Promise.all(
      person.memberships.map((m) => this.registry.getOrganisation(m.organisationId)),
    );
    return rolesOf(
      person,
      organisations.flatMap((o) => (o ? [o.value] : [])),
    );
  }

  /**
   * The active tables the person leads, by name: point reads of the tables in the person's led-tables hint (a
   * superset), each checked against the table itself, instead of a cross-partition query every turn.
   */
  private async tablesOf(person: Versioned<PersonDocument>): Promise<TableLead[]> {
    const ids = await this.registry.ledTableIdsOf(person);
    const tables = await Promise.all([...new Set(ids)].map((id) => this.registry.getOntwikkeltafel(id)));
    return tables
      .flatMap((t) =>
        t && t.value.status === 'actief' && t.value.trekkerPersonIds.includes(person.value.id)
          ? [t.value]
          : [],
      )
      .sort((a, b) => a.name.localeCompare(b.name, 'nl'))
      .map((t) => ({ ontwikkeltafelId: t.id, name: t.name }));
  }
}
