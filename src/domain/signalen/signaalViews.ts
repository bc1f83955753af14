import { PERCELEN, type Organisation, type Perceel } from '../registry/registry';
import type { VoorstelInput } from '../voorstellen/voorstel';
import {
  agendaTitleOf,
  excerptOf,
  ONDERWERP_LABELS,
  ONDERWERPEN,
  publicSignaal,
  type Onderwerp,
  type Sentiment,
  type Signaal,
} from './signaal';

/**
 * What is made of a signaal outside the gemeente's inbox: the agendapunt and the voorstel (both from its public
 * view, signaal.ts), and the counts per onderwerp and sentiment.
 */

/** Limits of an agenda item of issue 7's meetings (MEETING_LIMITS), which the agenda row must fit. */
const AGENDA_ITEM = { titleMax: 200, descriptionMax: 2000, ownerMax: 120 } as const;

export interface AgendaItemText {
  readonly title: string;
  readonly description: string;
  readonly owner: string;
}

/**
 * The agendapunt for a signaal, from its public view: the agenda goes to every provider, so a confidential
 * signaal appears by onderwerp and sender only.
 */
export function agendaItemOf(signaal: Signaal): AgendaItemText {
  const view = publicSignaal(signaal);
  return {
    title: excerptOf(agendaTitleOf(signaal), AGENDA_ITEM.titleMax),
    description:
      view.text === null
        ? 'Vertrouwelijk signaal: de inhoud is bekend bij de gemeente en wordt niet gedeeld.'
        : view.text.length <= AGENDA_ITEM.descriptionMax
          ? view.text
          : `${view.text.slice(0, AGENDA_ITEM.descriptionMax - 1).trimEnd()}…`,
    owner: excerptOf(view.organisationName ?? 'Gemeente', AGENDA_ITEM.ownerMax),
  };
}

/**
 * The voorstel the gemeente makes from a signaal with one action. A confidential signaal's text goes into a
 * confidential part of the voorstel (never broadcast or published [002 art. 5.7]); its public summary says only
 * that it comes from a confidential signaal. Percelen: the signaal's, else the sender's, else all.
 */
export function signaalAsVoorstelInput(signaal: Signaal, sender: Organisation | undefined): VoorstelInput {
  const subject = ONDERWERP_LABELS[signaal.onderwerp].toLowerCase();
  const percelen: readonly Perceel[] =
    signaal.perceel !== null
      ? [signaal.perceel]
      : sender && sender.percelen.length > 0
        ? sender.percelen
        : PERCELEN;
  const from = signaal.raisedBy.organisationName ?? 'de gemeente';
  const title = excerptOf(`Signaal over ${subject} (${from})`, 200);
  if (signaal.confidential) {
    return {
      title,
      summary: `Voorstel naar aanleiding van een vertrouwelijk ${signaal.sentiment} signaal over ${subject}.`,
      text: 'De inhoud van het signaal is vertrouwelijk: die staat in het vertrouwelijke deel van dit voorstel en wordt niet gedeeld of gepubliceerd.',
      type: 'overig',
      percelen: percelen.join(','),
      origin: 'overlegtafel',
      confidentialParts: [{ title: 'Het signaal', text: signaal.text }],
    };
  }
  return {
    title,
    summary: excerptOf(signaal.text, 1000),
    text: signaal.text,
    type: 'overig',
    percelen: percelen.join(','),
    origin: 'overlegtafel',
  };
}

export interface SummaryRow {
  readonly onderwerp: Onderwerp;
  readonly positief: number;
  readonly neutraal: number;
  readonly negatief: number;
  readonly total: number;
}

export interface SignaalSummary {
  readonly rows: readonly SummaryRow[];
  readonly totals: Readonly<Record<Sentiment, number>> & { readonly total: number };
}

/** Counts per onderwerp × sentiment, every onderwerp present (also with zero), in the fixed order. */
export function summarise(signalen: ReadonlyArray<Pick<Signaal, 'onderwerp' | 'sentiment'>>): SignaalSummary {
  const rows = ONDERWERPEN.map((onderwerp) => {
    const mine = signalen.filter((s) => s.onderwerp === onderwerp);
    const count = (sentiment: Sentiment) => mine.filter((s) => s.sentiment === sentiment).length;
    return {
      onderwerp,
      positief: count('positief'),
      neutraal: count('neutraal'),
      negatief: count('negatief'),
      total: mine.length,
    };
  });
  const sum = (key: Sentiment) => rows.reduce((total, row) => total + row[key], 0);
  return {
    rows,
    totals: {
      positief: sum('positief'),
      neutraal: sum('neutraal'),
      negatief: sum('negatief'),
      total: signalen.length,
    },
  };
}
