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

export function wordsFound(text: string, words: readonly string[]): string[] {
  const lower = text.toLowerCase();
  return words.filter((w) => new RegExp(`(^|[^\\p{L}])${w}($|[^\\p{L}])`, 'u').test(lower));
}
