import { localeOf, type Locale } from '../cards/renderCard';
import type { TeamsUserDocument } from '../storage/registryRepository';

/** The language the person chose in Tafelbot (`taal`), else their Teams locale, else Dutch. */
export function preferredLocale(user: TeamsUserDocument | undefined): Locale {
  const chosen = user?.turnState?.user.language;
  if (chosen === 'nl' || chosen === 'en') return chosen;
  return localeOf(user?.locale);
}
