import type { TurnContext } from 'botbuilder';
import { TurnState } from '@microsoft/teams-ai';

/**
 * Tafelbot keeps nothing per conversation in teams-ai state (its data lives in its own containers), only the
 * user's language preference. Loading just the user scope saves one Cosmos read on every turn; reading the
 * conversation scope throws, which a test would catch at once should a handler start to use it.
 */
export class UserTurnState extends TurnState {
  protected override async onComputeStorageKeys(context: TurnContext): Promise<Record<string, string>> {
    const keys = await super.onComputeStorageKeys(context);
    return { user: keys.user ?? '' };
  }
}
