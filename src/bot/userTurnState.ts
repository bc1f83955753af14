import type { Storage, TurnContext } from 'botbuilder';
import { TurnState } from '@microsoft/teams-ai';
import type { Versioned } from '../storage/documentStore';
import type { TeamsUserDocument } from '../storage/registryRepository';
import { TeamsUserStateStorage, userStateKey } from './teamsUserStateStorage';

/** The sender's Microsoft Entra object id, as the actor resolver finds them. */
export function senderObjectIdOf(context: TurnContext): string {
  const from = context.activity.from;
  const id = from?.aadObjectId ?? from?.id;
  if (!id) throw new Error('Activity without a sender');
  return id;
}

/**
 * Tafelbot keeps nothing per conversation in teams-ai state (its data lives in its own containers), only the
 * user's language preference, in the user scope. That scope lives on the user's Teams user document
 * (TeamsUserStateStorage), which this state reads once and hands to the actor resolver: the turn reads it once
 * for both. Reading the conversation scope throws, which a test would catch at once should a handler use it.
 */
export class UserTurnState extends TurnState {
  private loadedTeamsUser: { readonly document: Versioned<TeamsUserDocument> | undefined } | undefined;

  /**
   * The Teams user document as this turn's load read it (`document` undefined: the user is new), once: whoever
   * resolves the actor again later in the turn (after a change, such as a demo role switch) reads it afresh.
   */
  takeTeamsUser(): { readonly document: Versioned<TeamsUserDocument> | undefined } | undefined {
    const loaded = this.loadedTeamsUser;
    this.loadedTeamsUser = undefined;
    return loaded;
  }

  protected override async onComputeStorageKeys(context: TurnContext): Promise<Record<string, string>> {
    return { user: userStateKey(senderObjectIdOf(context)) };
  }

  override async load(context: TurnContext, storage?: Storage): Promise<boolean> {
    if (this.isLoaded || !(storage instanceof TeamsUserStateStorage)) return super.load(context, storage);
    const aadObjectId = senderObjectIdOf(context);
    // Where earlier versions kept the state (botState container), for the one-off move.
    const legacyKey = (await super.onComputeStorageKeys(context)).user;
    const document = await storage.readUser(aadObjectId, legacyKey);
    this.loadedTeamsUser = { document };
    return super.load(context, storage.preloaded(aadObjectId, document));
  }
}
