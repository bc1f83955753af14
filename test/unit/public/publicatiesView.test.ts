import { renderCard } from '../../../src/cards/renderCard';
import { MAX_PUBLISHED_SHOWN, publicatiesOverviewView } from '../../../src/cards/views/publicatiesViews';
import { publicBaseUrl } from '../../../src/bot/handlers/publicatiesHandlers';
import { loadConfig } from '../../../src/config/config';
import { sampleCandidates, samplePublished } from '../../support/publicatiesSamples';

describe("the gemeente's publicaties card", () => {
  const view = publicatiesOverviewView({
    published: samplePublished,
    candidates: sampleCandidates,
    baseUrl: 'https://tafelbot.example.org/',
    locale: 'nl',
  });
  const items = (view.view?.published ?? []) as Array<{ title: string; stale: boolean }>;
  const candidates = (view.view?.candidates ?? []) as Array<{ title: string; kindLabel: string }>;

  it('marks a publication stale only when its source has another version now', () => {
    expect(items.map((i) => [i.title, i.stale])).toEqual([
      ['Samenstelling Overlegtafel 2027', true],
      [expect.stringMatching(/^Besluit: /), false],
      ['Agenda Overlegtafel: voorjaar 2027', false],
    ]);
  });

  it('offers only what is not published yet, and links every publication to its page', () => {
    expect(candidates.map((c) => c.kindLabel)).toEqual(['Lotingsverslag', 'Besluit']);
    expect(view.form?.published).toEqual([
      {
        kind: 'samenstelling',
        sourceId: 'ronde-2027',
        url: 'https://tafelbot.example.org/openbaar/samenstelling#samenstelling-ronde-2027',
      },
      {
        kind: 'besluit',
        sourceId: 'vs-1a2b3c4d5e6f',
        url: 'https://tafelbot.example.org/openbaar/besluiten/vs-1a2b3c4d5e6f',
      },
      { kind: 'agenda', sourceId: 'm-1', url: 'https://tafelbot.example.org/openbaar/vergaderingen/m-1' },
    ]);
    expect(view.form?.pagesUrl).toBe('https://tafelbot.example.org/openbaar');
  });

  it('keeps the card small: the newest publications, and a note about the rest', () => {
    const many = Array.from({ length: MAX_PUBLISHED_SHOWN + 5 }, (_, i) => ({
      ...samplePublished[1]!,
      id: `besluit:vs-${i}`,
      sourceId: `vs-${i}`,
    }));
    const big = publicatiesOverviewView({
      published: many,
      candidates: [],
      baseUrl: 'http://x',
      locale: 'nl',
    });
    expect((big.view?.published as unknown[]).length).toBe(MAX_PUBLISHED_SHOWN);
    expect(big.trusted?.morePublished).toBe(
      "En nog 5 eerdere publicaties: die staan ook op de openbare pagina's.",
    );
    expect(JSON.stringify(renderCard('publicatiesOverzicht', 'nl', big)).length).toBeLessThan(28_000);
  });

  it('escapes titles in the card', () => {
    const card = JSON.stringify(renderCard('publicatiesOverzicht', 'nl', view));
    expect(card).not.toContain('[klik hier](https://evil.example)');
    expect(card).toContain('\\\\[klik hier\\\\](https://evil.example)');
  });

  it('links to PUBLIC_BASE_URL, or to the bot itself in a local trial', () => {
    expect(publicBaseUrl(loadConfig({ LOCAL_MODE: 'true', PORT: '3978' }))).toBe('http://127.0.0.1:3978');
    expect(
      publicBaseUrl(
        loadConfig({ LOCAL_MODE: 'true', PORT: '3978', PUBLIC_BASE_URL: 'https://tafel.example.org' }),
      ),
    ).toBe('https://tafel.example.org');
  });
});
