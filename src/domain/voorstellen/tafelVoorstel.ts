import type { Bilingual } from '../shared/result';
import { normaliseLine, normaliseMultiline } from '../shared/text';
import { characterCount } from './textRules';
import type { TafelOpzet, TafelTrekker, VoorstelType } from './types';

export type { TafelOpzet, TafelTrekker } from './types';

/**
 * A voorstel of the kind "ontwikkeltafel instellen" [000 §2]: the Overlegtafel sets up a table by adopting a
 * voorstel with its opdracht, doel, percelen and trekkers. The table's name is the voorstel's title.
 */

export const TAFEL_VOORSTEL_LIMITS = {
  /** The title becomes the table's name, which is at most this long. */
  nameMax: 120,
  opdrachtMax: 2000,
  doelMax: 2000,
  trekkers: 5,
} as const;

/** What the form sends for the table; the trekkers as resolved by the caller from the registry. */
export interface TafelOpzetInput {
  readonly opdracht?: unknown;
  readonly doel?: unknown;
  readonly trekkers?: readonly TafelTrekker[];
}

function textProblem(label: Bilingual, value: unknown, max: number): Bilingual | null {
  const text = typeof value === 'string' ? normaliseMultiline(value) : '';
  const length = characterCount(text);
  if (length === 0) return { nl: `${label.nl} is verplicht.`, en: `${label.en} is required.` };
  if (length > max) {
    return {
      nl: `${label.nl} is te lang: ${length} tekens, maximaal ${max}.`,
      en: `${label.en} is too long: ${length} characters, at most ${max}.`,
    };
  }
  return null;
}

/**
 * The table of a voorstel "ontwikkeltafel instellen", checked: every problem keyed by field, in both languages.
 * Other kinds of voorstel carry no table (whatever the form sent).
 */
export function checkTafelOpzet(
  type: VoorstelType | undefined,
  input: TafelOpzetInput | undefined,
  title: string,
): { readonly value: TafelOpzet | null; readonly problems: Readonly<Record<string, Bilingual>> } {
  if (type !== 'ontwikkeltafel') return { value: null, problems: {} };
  const L = TAFEL_VOORSTEL_LIMITS;
  const problems: Record<string, Bilingual> = {};
  if (characterCount(title) > L.nameMax) {
    problems.title = {
      nl: `De titel wordt de naam van de ontwikkeltafel en is dan maximaal ${L.nameMax} tekens.`,
      en: `The title becomes the name of the ontwikkeltafel, which is at most ${L.nameMax} characters.`,
    };
  }
  const opdracht = textProblem(
    { nl: 'De opdracht', en: 'The opdracht (assignment)' },
    input?.opdracht,
    L.opdrachtMax,
  );
  if (opdracht) problems.tafelOpdracht = opdracht;
  const doel = textProblem({ nl: 'Het doel', en: 'The doel (goal)' }, input?.doel, L.doelMax);
  if (doel) problems.tafelDoel = doel;
  const seen = new Set<string>();
  const trekkers: TafelTrekker[] = [];
  for (const t of input?.trekkers ?? []) {
    const personId = normaliseLine(t?.personId);
    const name = normaliseLine(t?.name);
    if (!personId || !name || seen.has(personId)) continue;
    seen.add(personId);
    trekkers.push({ personId, name, organisationId: normaliseLine(t.organisationId) || null });
  }
  if (trekkers.length === 0) {
    problems.tafelTrekkers = {
      nl: 'Wijs minstens één trekker aan voor de ontwikkeltafel.',
      en: 'Choose at least one trekker (lead) for the ontwikkeltafel.',
    };
  } else if (trekkers.length > L.trekkers) {
    problems.tafelTrekkers = {
      nl: `Maximaal ${L.trekkers} trekkers per ontwikkeltafel.`,
      en: `At most ${L.trekkers} trekkers per ontwikkeltafel.`,
    };
  }
  if (Object.keys(problems).length > 0) return { value: null, problems };
  return {
    value: {
      opdracht: normaliseMultiline(input?.opdracht),
      doel: normaliseMultiline(input?.doel),
      trekkers,
    },
    problems,
  };
}
