import { type RenderInput, type Locale } from '../../src/cards/renderCard';
import { format } from '../../src/cards/renderCard';
import { publicatiesOverviewView } from '../../src/cards/views/publicatiesViews';
import type { PublicationCandidate } from '../../src/public/publicationSources';
import type { PublicationSummary } from '../../src/storage/publicationsRepository';

/** Samples of the gemeente's publicaties card: empty, and with published, changed and new items (hostile titles). */

const HOSTILE = '[klik hier](https://evil.example) **vet** <at>Iedereen</at> _x_ `code` ${strings.title}';

function summary(
  kind: PublicationSummary['kind'],
  sourceId: string,
  title: string,
  version = 1,
): PublicationSummary {
  return {
    id: `${kind}:${sourceId}`,
    kind,
    sourceId,
    title,
    summary: `Samenvatting van ${title}`,
    sortKey: '2027',
    sourceVersion: 'versie 1',
    version,
    firstPublishedAt: '2027-01-20T09:00:00.000Z',
    updatedAt: '2027-03-01T09:00:00.000Z',
  };
}

export const samplePublished: PublicationSummary[] = [
  summary('samenstelling', 'ronde-2027', 'Samenstelling Overlegtafel 2027', 2),
  summary('besluit', 'vs-1a2b3c4d5e6f', `Besluit: ${HOSTILE}`),
  summary('agenda', 'm-1', 'Agenda Overlegtafel: voorjaar 2027'),
];

export const sampleCandidates: PublicationCandidate[] = [
  {
    kind: 'samenstelling',
    sourceId: 'ronde-2027',
    title: 'Samenstelling Overlegtafel 2027',
    sourceVersion: 'versie 2',
  },
  { kind: 'loting', sourceId: 'ronde-2027', title: 'Lotingsverslag 2027', sourceVersion: 'abc' },
  { kind: 'besluit', sourceId: 'vs-0f0f0f0f0f0f', title: HOSTILE, sourceVersion: '2027-03-10T09:00:00.000Z' },
];

export function publicatiesCardSamples(locale: Locale = 'nl'): Record<string, RenderInput[]> {
  return {
    publicatiesOverzicht: [
      publicatiesOverviewView({
        published: [],
        candidates: [],
        baseUrl: 'http://127.0.0.1:3978',
        locale,
      }),
      publicatiesOverviewView({
        published: samplePublished,
        candidates: sampleCandidates,
        baseUrl: 'https://tafelbot.example.org/',
        locale,
        message: {
          title: 'Gepubliceerd',
          lines: [
            format(
              locale === 'en'
                ? '{title} is now on the public pages: {url}'
                : "{title} staat nu op de openbare pagina's: {url}",
              {
                title: HOSTILE,
                url: 'https://x.example/openbaar',
              },
            ),
          ],
          style: 'good',
        },
      }),
      publicatiesOverviewView({
        published: Array.from({ length: 30 }, (_, i) => summary('besluit', `vs-${i}`, `Besluit ${i}`)),
        candidates: sampleCandidates,
        baseUrl: 'https://tafelbot.example.org',
        locale,
      }),
    ],
  };
}
