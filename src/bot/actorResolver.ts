import { TeamsInfo, TurnContext } from 'botbuilder';
import type { Actor } from '../domain/registry/actor';
import { addressFromGuestUpn } from '../domain/reach/reach';
import type { Logger } from '../observability/logger';
import { ActorDirectory, type ActorLookup, type Sender } from '../registry/actorDirectory';
import type { Versioned } from '../storage/documentStore';
import type {
  RegistryRepository,
  StoredConversationReference,
  TeamsUserDocument,
} from '../storage/registryRepository';
import { senderObjectIdOf } from './userTurnState';

export interface ResolvedActor {
  readonly actor: Actor;
  readonly aadObjectId: string;
  readonly teamsUser: Versioned<TeamsUserDocument>;
  /** The e-mail address Teams gave for an unknown user, to show them what we looked for. */
  readonly teamsEmail: string;
}

export type ResolveOptions = ActorLookup;

/**
 * Turns the sender of an activity into an Actor, every turn: reads from the activity what the registry needs to
 * know about the sender (ids, the conversation reference, the e-mail address from Teams) and lets the registry's
 * ActorDirectory resolve it from the store.
 */
export class ActorResolver {
  private readonly directory: ActorDirectory;

  constructor(
    registry: RegistryRepository,
    private readonly logger: Logger,
  ) {
    this.directory = new ActorDirectory(registry, logger);
  }

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
    const tenantId =
      activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } })?.tenant?.id;
    const sender: Sender = {
      aadObjectId,
      preloaded,
      // Only a personal (1:1) conversation is a place to send someone a proactive message.
      reference:
        activity.conversation?.conversationType === 'personal' ||
        activity.conversation?.conversationType === undefined
          ? conversationReferenceOf(context)
          : undefined,
      tenantId,
      addresses: () => this.addressesOf(context),
    };
    return { ...(await this.directory.resolve(sender, options)), aadObjectId };
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
