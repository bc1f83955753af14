/**
 * Words that give a language away (issue 21): English output may contain none of DUTCH_WORDS, Dutch output none of
 * ENGLISH_WORDS. Shared by the checks in test/unit/i18n.
 */

export const DUTCH_WORDS = [
  'de',
  'het',
  'een',
  'niet',
  'geen',
  'uw',
  'u',
  'verplicht',
  'moet',
  'wordt',
  'kunt',
  'deze',
  'dit',
  'bij',
  'voor',
  'naar',
  'ook',
  'nog',
  'al',
  'maar',
  'kies',
  'vul',
  'vernieuwen',
  'opslaan',
  'versturen',
  'annuleren',
  'terug',
  'maandag',
  'dinsdag',
  'woensdag',
  'donderdag',
  'vrijdag',
  'zaterdag',
  'zondag',
  'januari',
  'februari',
  'maart',
  'mei',
  'juni',
  'juli',
  'augustus',
  'oktober',
];

/**
 * Words a card must not show raw to an English reader (issue 21: classification values and the fixed part of
 * broadcast titles). Messages about a file's data may quote its values ("allowed: klein, middel, groot"), so the
 * checks of lottery and import messages leave these out.
 */
export const DUTCH_LABEL_WORDS = [
  // An aanbieder's classification and the lots.
  'perceel',
  'percelen',
  'klein',
  'middel',
  'groot',
  'lokaal',
  'regionaal',
  'terugkerend',
  'nieuw',
  'zetels',
  'verschillende',
  'grootte',
  // The fixed part of broadcast titles (e-mail subjects, report titles).
  'uitnodiging',
  'herinnering',
  'samenstelling',
  'uitkomst',
  'gekozen',
  'vraag',
  'antwoord',
  'signaal',
  'beëindigd',
];
export const ENGLISH_WORDS = [
  'the',
  'please',
  'your',
  'you',
  'must',
  'choose',
  'refresh',
  'save',
  'cancel',
  'with',
  'not',
];

/** The English labels of the same (see DUTCH_LABEL_WORDS). */
export const ENGLISH_LABEL_WORDS = [
  'lot',
  'lots',
  'small',
  'medium',
  'large',
  'local',
  'regional',
  'returning',
  'seats',
];

export function wordsFound(text: string, words: readonly string[]): string[] {
  const lower = text.toLowerCase();
  return words.filter((w) => new RegExp(`(^|[^\\p{L}])${w}($|[^\\p{L}])`, 'u').test(lower));
}
