import * as AC from 'adaptivecards';
import { escapeCardText, loadStrings, renderCard, templateNames, type Locale } from '../../../src/cards/renderCard';
import { cardSamples, HOSTILE } from '../../support/cardSamples';

function parseWithAdaptiveCards(card: unknown): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    problems.push(`parse: ${event.message}`);
  }
  for (const event of parsed.validateProperties().validationEvents)
    problems.push(`validate: ${event.message}`);
  return problems;
}

describe('card templates', () => {
  it('has sample data for every template', () => {
    expect(Object.keys(cardSamples).sort()).toEqual(templateNames());
  });

  const cases = Object.entries(cardSamples).flatMap(([name, samples]) =>
    samples.flatMap((sample, i) => (['nl', 'en'] as Locale[]).map((locale) => ({ name, i, locale, sample }))),
  );

  it.each(cases)(
    '$name sample $i ($locale) expands and parses without errors',
    ({ name, locale, sample }) => {
      const card = renderCard(name, locale, sample);
      expect(card.type).toBe('AdaptiveCard');
      const json = JSON.stringify(card);
      // A missing data key would leave an unexpanded expression behind.
      expect(json.replace(/\\\$\{strings\.title\}|\$\{strings\.title\}/g, '')).not.toMatch(/\$\{/);
      expect(parseWithAdaptiveCards(card)).toEqual([]);
    },
  );

  it('has the same string keys in Dutch and English', () => {
    const keys = (bundle: Record<string, unknown>) =>
      Object.entries(bundle)
        .flatMap(([section, values]) => Object.keys(values as object).map((k) => `${section}.${k}`))
        .sort();
    expect(keys(loadStrings('en'))).toEqual(keys(loadStrings('nl')));
  });
});

describe('escaping user text', () => {
  it('neutralises links, emphasis, code and mentions', () => {
    const escaped = escapeCardText(HOSTILE);
    expect(escaped).not.toMatch(/(^|[^\\])\[klik hier\]/);
    expect(escaped).toContain('\\[klik hier\\](https://evil.example)');
    expect(escaped).toContain('\\*\\*vet\\*\\*');
    expect(escaped).toContain('\\<at\\>Iedereen\\</at\\>');
    expect(escaped).toContain('\\`code\\`');
  });

  it('escapes list markers at the start of a line but leaves ordinary text alone', () => {
    expect(escapeCardText('- punt\n1. eerste')).toBe('\\- punt\n1\\. eerste');
    expect(escapeCardText('Stichting De Brug (Zaltbommel) - jeugd')).toBe(
      'Stichting De Brug (Zaltbommel) - jeugd',
    );
  });

  it('never evaluates template expressions inside user data', () => {
    const card = renderCard('registryOverview', 'nl', cardSamples.registryOverview![0]!);
    const texts: string[] = [];
    JSON.stringify(card, (key, value: unknown) => {
      if (key === 'text' && typeof value === 'string') texts.push(value);
      return value;
    });
    const hostile = texts.find((t) => t.includes('klik hier'));
    expect(hostile).toBe(
      '\\[klik hier\\](https://evil.example) \\*\\*vet\\*\\* \\<at\\>Iedereen\\</at\\> \\_x\\_ \\`code\\` ${strings.title}',
    );
  });
});
