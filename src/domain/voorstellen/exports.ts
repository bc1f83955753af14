import { fromIsoInstant, formatLocalDateTime } from '../time/amsterdam';
import { toCsv, type CsvOptions } from './csv';
import { currentVote } from './stemming';
import type { Voorstel } from './voorstel';

/**
 * Exports for the gemeente's overview of a voorstel: every ballot (with who and when, and whether it is the
 * party's current vote) and every reaction. Times are Amsterdam wall-clock time with seconds.
 */

const ORGANISATION_TYPE_LABEL = {
  gemeente: 'gemeente',
  'lokale-toegang': 'lokale toegang',
  aanbieder: 'aanbieder',
} as const;

function localTime(iso: string): string {
  return formatLocalDateTime(fromIsoInstant(iso), { seconds: true });
}

export function votesCsv(voorstel: Voorstel, options: CsvOptions = {}): string {
  const header = [
    'Partij',
    'Soort',
    'Keuze',
    'Geldende stem',
    'Uitgebracht door',
    'Rol',
    'Tijdstip (Amsterdam)',
  ];
  const rows: string[][] = [header];
  const stemming = voorstel.stemming;
  for (const party of stemming?.parties ?? []) {
    const ballots = stemming ? stemming.ballots.filter((b) => b.partyId === party.organisationId) : [];
    const current = stemming ? currentVote(stemming, party.organisationId) : null;
    const type = ORGANISATION_TYPE_LABEL[party.type];
    if (ballots.length === 0) rows.push([party.name, type, 'niet gestemd', 'ja', '', '', '']);
    for (const ballot of ballots) {
      rows.push([
        party.name,
        type,
        ballot.choice,
        ballot.idempotencyKey === current?.idempotencyKey ? 'ja' : 'nee',
        ballot.castBy.personName,
        ballot.castBy.capacity,
        localTime(ballot.castAt),
      ]);
    }
  }
  return toCsv(rows, options);
}

export function reactionsCsv(voorstel: Voorstel, options: CsvOptions = {}): string {
  const header = [
    'Organisatie',
    'Reactie',
    'Door',
    'Rol',
    'Ingediend (Amsterdam)',
    'Laatst gewijzigd (Amsterdam)',
    'Versie',
  ];
  const rows: string[][] = [header];
  for (const reaction of voorstel.reactions) {
    rows.push([
      reaction.organisationName,
      reaction.text,
      reaction.updatedBy.personName,
      reaction.updatedBy.capacity,
      localTime(reaction.submittedAt),
      localTime(reaction.updatedAt),
      String(reaction.revision),
    ]);
  }
  return toCsv(rows, options);
}
