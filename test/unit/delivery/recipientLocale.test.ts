import { inBothLanguages, messageIn, recipientLocale } from '../../../src/delivery/recipientLocale';
import { titleIn, validateBroadcastMessage } from '../../../src/domain/delivery/broadcast';
import type { TeamsUserDocument } from '../../../src/storage/registryRepository';

function user(change: Partial<TeamsUserDocument>): TeamsUserDocument {
  return {
    id: 'aad-1',
    personId: 'p-1',
    tenantId: 't',
    reference: null,
    locale: null,
    firstSeenAt: '2027-01-01T00:00:00Z',
    updatedAt: '2027-01-01T00:00:00Z',
    ...change,
  };
}

const card = (text: string) => ({
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'TextBlock', text }],
});

describe("a proactive message in the recipient's language", () => {
  it('takes the language the person chose, else their Teams locale, else Dutch', () => {
    expect(recipientLocale(undefined)).toBe('nl');
    expect(recipientLocale(user({}))).toBe('nl');
    expect(recipientLocale(user({ locale: 'en-US' }))).toBe('en');
    expect(recipientLocale(user({ locale: 'nl-NL' }))).toBe('nl');
    expect(
      recipientLocale(user({ locale: 'en-US', turnState: { revision: 1, user: { language: 'nl' } } })),
    ).toBe('nl');
    expect(
      recipientLocale(user({ locale: 'nl-NL', turnState: { revision: 1, user: { language: 'en' } } })),
    ).toBe('en');
  });

  it('builds both versions and gives each reader theirs', () => {
    const message = inBothLanguages((locale) => ({
      card: card(locale === 'en' ? 'Vote opened' : 'Stemming geopend'),
      text: locale === 'en' ? 'Vote opened' : 'Stemming geopend',
    }));
    expect(messageIn(message, 'nl')).toBe(message);
    const english = messageIn(message, 'en');
    expect(english.text).toBe('Vote opened');
    expect(JSON.stringify(english.card)).toContain('Vote opened');
    expect(english.en).toBeUndefined();
    // A message without an English version goes out as it is.
    expect(messageIn({ card: card('Alleen Nederlands'), text: 'Alleen Nederlands' }, 'en').text).toBe(
      'Alleen Nederlands',
    );
  });

  it("gives the title in the reader's language; a broadcast stored before English titles keeps its Dutch one", () => {
    const job = { title: 'Agenda Overlegtafel', titleEn: 'Agenda of the Overlegtafel' };
    expect(titleIn(job, 'nl')).toBe('Agenda Overlegtafel');
    expect(titleIn(job, 'en')).toBe('Agenda of the Overlegtafel');
    expect(titleIn({ title: 'Agenda Overlegtafel' }, 'en')).toBe('Agenda Overlegtafel');
  });

  it('holds the English version to the same rules as the Dutch one', () => {
    const tooLarge = card('x'.repeat(30 * 1024));
    const message = { card: card('Klein'), text: 'Klein', en: { card: tooLarge, text: 'Small' } };
    const result = validateBroadcastMessage({ nl: 'Titel', en: 'Title' }, message);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toBe('broadcast.card-size');
  });
});
