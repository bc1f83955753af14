import type { Round } from '../domain/inschrijving';
import type { TafelbotDatabase } from '../storage/cosmosClient';
import { InschrijvingRepository } from '../storage/inschrijvingRepository';
import { toVoorstel, VoorstellenRepository } from '../storage/voorstellenRepository';
import {
  besluitPublicView,
  compositionPublicView,
  drawRecordPublicView,
  type PublicationKind,
  type PublicViewOf,
} from './publicViews';

/**
 * Where the gemeente's publicaties card finds what it can publish: for each kind whose feature has landed, the
 * items that exist now and a fresh public view of one of them. The view is always rebuilt from the feature's
 * current data when the gemeente presses "Publiceren", so what goes out is what the feature holds at that moment.
 * A feature without a source here publishes through PublicationService.publish() itself.
 */

export interface PublicationCandidate {
  readonly kind: PublicationKind;
  readonly sourceId: string;
  readonly title: string;
  /** Changes whenever the public content would change (composition version, record digest, updatedAt). */
  readonly sourceVersion: string;
}

export interface PublicationSource<K extends PublicationKind = PublicationKind> {
  readonly kind: K;
  candidates(): Promise<PublicationCandidate[]>;
  /** Undefined when the item does not exist (any more) or cannot be published yet. */
  build(
    sourceId: string,
  ): Promise<{ view: PublicViewOf<K>; sourceVersion: string; title: string } | undefined>;
}

async function allRounds(inschrijving: InschrijvingRepository): Promise<Round[]> {
  const rounds = await inschrijving.rounds.query('SELECT * FROM c');
  return rounds.sort((a, b) => b.year - a.year);
}

function compositionSource(inschrijving: InschrijvingRepository): PublicationSource<'samenstelling'> {
  const candidate = (round: Round): PublicationCandidate => ({
    kind: 'samenstelling',
    sourceId: round.id,
    title: `Samenstelling Overlegtafel ${round.year}`,
    sourceVersion: `versie ${round.composition?.version ?? 0}`,
  });
  return {
    kind: 'samenstelling',
    async candidates() {
      return (await allRounds(inschrijving)).filter((r) => r.composition).map(candidate);
    },
    async build(sourceId) {
      const round = (await inschrijving.getRound(sourceId))?.value;
      if (!round?.composition) return undefined;
      const { sourceVersion, title } = candidate(round);
      return { view: compositionPublicView(round), sourceVersion, title };
    },
  };
}

function drawRecordSource(inschrijving: InschrijvingRepository): PublicationSource<'loting'> {
  return {
    kind: 'loting',
    async candidates() {
      return (await allRounds(inschrijving))
        .filter((r) => r.draw)
        .map((r) => ({
          kind: 'loting' as const,
          sourceId: r.id,
          title: `Lotingsverslag ${r.year}`,
          sourceVersion: r.draw?.recordSha256 ?? '',
        }));
    },
    async build(sourceId) {
      const round = (await inschrijving.getRound(sourceId))?.value;
      const record = round?.draw ? await inschrijving.getDrawRecord(round.id) : undefined;
      if (!round || !record) return undefined;
      return {
        view: drawRecordPublicView(round.id, round.year, record),
        sourceVersion: record.recordSha256,
        title: `Lotingsverslag ${round.year}`,
      };
    },
  };
}

const DECIDED = ['uitgewerkt', 'afgewezen'] as const;

function decisionSource(voorstellen: VoorstellenRepository): PublicationSource<'besluit'> {
  return {
    kind: 'besluit',
    async candidates() {
      return (await voorstellen.list(DECIDED)).map((v) => ({
        kind: 'besluit' as const,
        sourceId: v.id,
        title: v.title,
        sourceVersion: v.updatedAt,
      }));
    },
    async build(sourceId) {
      const doc = (await voorstellen.get(sourceId))?.value;
      if (!doc || !(DECIDED as readonly string[]).includes(doc.status)) return undefined;
      // Reactions and ballots are not needed: the stored stemming carries the stemverhouding.
      const voorstel = toVoorstel(doc);
      return { view: besluitPublicView(voorstel), sourceVersion: doc.updatedAt, title: doc.title };
    },
  };
}

export function publicationSources(db: TafelbotDatabase): PublicationSource[] {
  const inschrijving = new InschrijvingRepository(db);
  return [
    compositionSource(inschrijving),
    drawRecordSource(inschrijving),
    decisionSource(new VoorstellenRepository(db)),
  ] as PublicationSource[];
}
