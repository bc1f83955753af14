import { TeamsInfo, TurnContext } from 'botbuilder';
import type { Actor, OrganisationRole, TableLead } from '../domain/registry/actor';
import { addressFromGuestUpn } from '../domain/reach/reach';
import type { Logger } from '../observability/logger';
import { senderObjectIdOf } from './userTurnState';
import type { Versioned } from '../storage/documentStore';
import type {
  PersonDocument,
  RegistryRepository,
  StoredConversationReference,
  TeamsUserDocument,
} from '../storage/registryRepository';

export interface ResolvedActor {
  readonly actor: Actor;
  readonly aadObjectId: string;
  readonly teamsUser: Versioned<TeamsUserDocument>;
  /** The e-mail address Teams gave for an unknown user, to show them what we looked for. */
  readonly teamsEmail: string;
}

export interface ResolveOptions {
  /** Also look up the ontwikkeltafels the person leads (a read per table; only the cards that show it need it). */
  readonly withTables?: boolean;
}

/**
 * Turns the sender of an activity into an Actor, every turn, from the store (no in-memory cache: any instance
 * may serve the next turn). Along the way it keeps the user's conversation reference current and links a Teams
 * user to the registered person with the same e-mail address on first contact.
 */
export class ActorResolver {
  constructor(
    private readonly registry: RegistryRepository,
    private readonly logger: Logger,
  ) {}

  /**
   * `preloaded`: the sender's Teams user document as this turn already read it (see UserTurnState), so the turn
   * reads it once.
   */
  async resolve(
    context: TurnContext,
    options: ResolveOptions = {},
    preloaded?: { readonly document: Versioned<TeamsUserDocument> | undefined },
  ): Promise<ResolvedActor> {
    const activity = context.activity;
    const aadObjectId = senderObjectIdOf(context);
    let teamsUser = preloaded ? preloaded.document : await this.registry.getTeamsUser(aadObjectId);

    const change: { reference?: StoredConversationReference; tenantId?: string } = {};
    // Only a personal (1:1) conversation is a place to send someone a proactive message.
    if (
      activity.conversation?.conversationType === 'personal' ||
      activity.conversation?.conversationType === undefined
    ) {
      change.reference = conversationReferenceOf(context);
    }
    const tenantId =
      activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } })?.tenant?.id;
    if (tenantId) change.tenantId = tenantId;

    let person: Versioned<PersonDocument> | undefined;
    let teamsEmail = '';
    if (teamsUser?.value.personId) {
      person = await this.registry.getPerson(teamsUser.value.personId);
    }
    if (!person) {
      const addresses = await this.addressesOf(context);
      teamsEmail = addresses[0] ?? '';
      for (const address of addresses) {
        person ??= await this.registry.findPersonByEmail(address);
      }
      if (person) {
        person = await this.registry.linkTeamsUser(aadObjectId, person);
        this.logger.info('teams user linked to person', { personId: person.value.id });
      }
    }
    teamsUser = await this.registry.saveTeamsUser(aadObjectId, teamsUser, {
      ...change,
      personId: person?.value.id ?? null,
    });

    if (!person) return { actor: { kind: 'unknown' }, aadObjectId, teamsUser, teamsEmail };
    const [roles, trekkerOf] = await Promise.all([
      this.rolesOf(person.value),
      options.withTables ? this.tablesOf(person) : Promise.resolve([]),
    ]);
    return {
      actor: { kind: 'person', person: person.value, roles, trekkerOf },
      aadObjectId,
      teamsUser,
      teamsEmail,
    };
  }

  private async rolesOf(person: PersonDocument): Promise<OrganisationRole[]> {
    const organisations = await Promise.all(
      person.memberships.map((m) => this.registry.getOrganisation(m.organisationId)),
    );
    return person.memberships.flatMap((m, i) => {
      const organisation = organisations[i]?.value;
      return organisation ? [{ organisation, role: m.role }] : [];
    });
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

  /**
   * The user's addresses as Teams knows them, best first: e-mail, UPN, and for a guest whose profile has no e-mail
   * (an app pre-installed by a setup policy, issue 15) the invited address inside the #EXT# UPN. [] when Teams
   * cannot tell us.
   */
  private async addressesOf(context: TurnContext): Promise<string[]> {
    try {
      const member = await TeamsInfo.getMember(context, context.activity.from.id);
      const upn = member.userPrincipalName ?? '';
      const candidates = [member.email ?? '', upn, addressFromGuestUpn(upn) ?? ''];
      // A #EXT# UPN itself is never a registered address (and # cannot be part of a Cosmos id).
      const addresses = candidates.map((a) => a.trim().toLowerCase()).filter((a) => a && !/[#/?\\]/.test(a));
      return [...new Set(addresses)];
    } catch (error) {
      this.logger.warn('could not read the Teams member profile', { error: (error as Error).message });
      return [];
    }
  }
}

export function conversationReferenceOf(context: TurnContext): StoredConversationReference {
  const reference = TurnContext.getConversationReference(context.activity);
  const { user, bot, conversation, channelId, serviceUrl, locale } = reference;
  return {
    user: user ? { id: user.id, name: user.name, aadObjectId: user.aadObjectId } : undefined,
    bot: bot ? { id: bot.id, name: bot.name } : undefined,
    conversation: {
      id: conversation?.id ?? '',
      conversationType: conversation?.conversationType,
      tenantId: conversation?.tenantId,
      isGroup: conversation?.isGroup,
    },
    channelId: channelId ?? 'msteams',
    serviceUrl: serviceUrl ?? '',
    locale,
  };
}
