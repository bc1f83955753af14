/**
 * Why a proactive installation did not lead to a message, in words the gemeente can act on (Dutch; the delivery
 * report shows the reason as it was recorded). Technical details stay short and never hold an address.
 */

export type InstallProblem =
  | 'no-address'
  | 'not-in-tenant'
  | 'app-not-in-catalog'
  | 'permission-missing'
  | 'graph-refused';

export function installFailureReason(
  problem: InstallProblem,
  status?: number,
  locale: 'nl' | 'en' = 'nl',
): string {
  if (locale === 'en') return installFailureReasonEn(problem, status);
  switch (problem) {
    case 'no-address':
      return 'Geen bruikbaar e-mailadres: de persoon kan niet in de tenant worden gezocht.';
    case 'not-in-tenant':
      return 'Niet gevonden in de tenant: geen Teams-account (lid of gast) met dit e-mailadres. Nodig de persoon uit als gast, of bereik hem of haar per e-mail.';
    case 'app-not-in-catalog':
      return 'Tafelbot staat niet in de app-catalogus van de organisatie: controleer TEAMS_CATALOG_APP_ID (de catalogus-id, niet de manifest-id) en of de app is gepubliceerd (404).';
    case 'permission-missing':
      return `Geen toestemming in Microsoft Graph (${status ?? 403}): de beheerde identiteit mist User.Read.All of TeamsAppInstallation.ReadWriteSelfForUser.All, of een app-beleid blokkeert Tafelbot voor deze persoon. Zie docs/reach.md.`;
    case 'graph-refused':
      return `Microsoft Graph weigerde de installatie (${status ?? 'onbekende status'}).`;
  }
}

function installFailureReasonEn(problem: InstallProblem, status?: number): string {
  switch (problem) {
    case 'no-address':
      return 'No usable e-mail address: the person cannot be looked up in the tenant.';
    case 'not-in-tenant':
      return 'Not found in the tenant: no Teams account (member or guest) with this e-mail address. Invite the person as a guest, or reach them by e-mail.';
    case 'app-not-in-catalog':
      return "Tafelbot is not in the organisation's app catalog: check TEAMS_CATALOG_APP_ID (the catalog id, not the manifest id) and whether the app is published (404).";
    case 'permission-missing':
      return `No permission in Microsoft Graph (${status ?? 403}): the managed identity lacks User.Read.All or TeamsAppInstallation.ReadWriteSelfForUser.All, or an app policy blocks Tafelbot for this person. See docs/reach.md.`;
    case 'graph-refused':
      return `Microsoft Graph refused the installation (${status ?? 'unknown status'}).`;
  }
}
