import { createHash } from 'node:crypto';
import type { Round } from '../domain/inschrijving';
import { versionsOf } from '../domain/meetings';
import type { TafelbotDatabase } from '../storage/cosmosClient';
import { InschrijvingRepository } from '../storage/inschrijvingRepository';
import { MeetingsRepository, type MeetingDocument } from '../storage/meetingsRepository';
import { OntwikkeltafelsRepository, toRapportage, toTafel } from '../storage/ontwikkeltafelsRepository';
import { toVoorstel, VoorstellenRepository } from '../storage/voorstellenRepository';
import { instantDate } from './labels';
import {
  agendaPublicView,
  besluitPublicView,
  compositionPublicView,
  drawRecordPublicView,
  ontwikkeltafelPublicView,
  PUBLIC_ID,
  verslagPublicView,
  type KnownOrganisations,
  type PublicationKind,
  type PublicViewOf,
} from './publicViews';

/**
 * Where the gemeente's publicaties card finds what it can publish: for each kind whose feature has landed, the
 * items that exist now and a fresh public view of one of them. The view is always rebuilt from the feature's
 * current data when the gemeente presses "Publiceren", so what goes out is what the feature holds at that moment.
 * Every kind has a source; a feature may also call PublicationService.publish() itself.
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

function compositionSource(
  inschrijving: InschrijvingRepository,
  registry: OrganisationNames,
): PublicationSource<'samenstelling'> {
  const candidate = (round: Round): PublicationCandidate => ({
    kind: 'samenstelling',
    sourceId: round.id,
    title: `Samenstelling Overlegtafel ${round.year}`,
    sourceVersion: `versie ${round.composition?.version ?? 0}`,
  });
  return {
    kind: 'samenstelling',
    async candidates() {
      const known = await knownOrganisations(registry);
      return (await allRounds(inschrijving))
        .filter((r) => r.composition)
        .map((r) => {
          const c = candidate(r);
          const others = versionOf(compositionPublicView(r, known).otherMembers);
          return { ...c, sourceVersion: `${c.sourceVersion} ${others}` };
        });
    },
    async build(sourceId) {
      const round = (await inschrijving.getRound(sourceId))?.value;
      if (!round?.composition) return undefined;
      const { sourceVersion, title } = candidate(round);
      const view = compositionPublicView(round, await knownOrganisations(registry));
      // The gemeenten and lokale toegang count too: a new one shows without a new composition version.
      return { view, sourceVersion: `${sourceVersion} ${versionOf(view.otherMembers)}`, title };
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

const DECIDED = ['uitgewerkt', 'vastgesteld', 'afgewezen'] as const;

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

/** For sources without a version of their own: changes exactly when the public content changes. */
function versionOf(view: unknown): string {
  return createHash('sha256').update(JSON.stringify(view)).digest('hex').slice(0, 16);
}

function agendaSource(
  meetings: MeetingsRepository,
  registry: OrganisationNames,
): PublicationSource<'agenda'> {
  const build = (doc: MeetingDocument, known: KnownOrganisations) => {
    const view = agendaPublicView(doc, known);
    return {
      view,
      sourceVersion: versionOf(view),
      title: `Agenda: ${doc.title} (${instantDate(doc.start)})`,
    };
  };
  return {
    kind: 'agenda',
    async candidates() {
      const known = await knownOrganisations(registry);
      return (await meetings.list())
        .filter((m) => PUBLIC_ID.test(m.id))
        .map((m) => {
          const { sourceVersion, title } = build(m, known);
          return { kind: 'agenda' as const, sourceId: m.id, title, sourceVersion };
        });
    },
    async build(sourceId) {
      const doc = (await meetings.get(sourceId))?.value;
      return doc ? build(doc, await knownOrganisations(registry)) : undefined;
    },
  };
}

/** Only a verslag the gemeente has shared with the providers; a concept stays in the bot. */
function verslagSource(
  meetings: MeetingsRepository,
  registry: OrganisationNames,
): PublicationSource<'verslag'> {
  const build = (doc: MeetingDocument, known: KnownOrganisations) => {
    if (doc.verslag?.status !== 'gepubliceerd') return undefined;
    const view = verslagPublicView(doc, doc.verslag.markdown, versionsOf(doc.verslag), known);
    return {
      view,
      sourceVersion: versionOf(view),
      title: `Verslag: ${doc.title} (${instantDate(doc.start)})`,
    };
  };
  return {
    kind: 'verslag',
    async candidates() {
      const known = await knownOrganisations(registry);
      return (await meetings.list()).flatMap((m) => {
        const built = PUBLIC_ID.test(m.id) ? build(m, known) : undefined;
        return built
          ? [
              {
                kind: 'verslag' as const,
                sourceId: m.id,
                title: built.title,
                sourceVersion: built.sourceVersion,
              },
            ]
          : [];
      });
    },
    async build(sourceId) {
      const doc = (await meetings.get(sourceId))?.value;
      return doc ? build(doc, await knownOrganisations(registry)) : undefined;
    },
  };
}

export interface OrganisationNames {
  listOrganisations(): Promise<
    ReadonlyArray<{ readonly id: string; readonly name: string; readonly type?: string }>
  >;
  /** People with their memberships: who brought an agenda item in, by organisation. Optional for tests. */
  listPeople?(): Promise<
    ReadonlyArray<{
      readonly name: string;
      readonly memberships: ReadonlyArray<{ readonly organisationId: string }>;
    }>
  >;
}

/** The registry's organisations, and each person's one organisation (people in several are left out). */
async function knownOrganisations(registry: OrganisationNames): Promise<KnownOrganisations> {
  const [organisations, people] = await Promise.all([
    registry.listOrganisations(),
    registry.listPeople?.() ?? [],
  ]);
  const byId = new Map(organisations.map((o) => [o.id, o.name]));
  const organisationOfPerson = new Map<string, string>();
  for (const person of people) {
    const own = [...new Set(person.memberships.map((m) => byId.get(m.organisationId)).filter(Boolean))];
    if (own.length === 1)
      organisationOfPerson.set(person.name.trim().replace(/\s+/g, ' ').toLowerCase(), own[0]!);
  }
  return { organisations, organisationOfPerson };
}

function ontwikkeltafelSource(
  tafels: OntwikkeltafelsRepository,
  registry: OrganisationNames,
): PublicationSource<'ontwikkeltafel'> {
  const names = async () => new Map((await registry.listOrganisations()).map((o) => [o.id, o.name]));
  return {
    kind: 'ontwikkeltafel',
    async candidates() {
      const [all, reports, organisationNames] = await Promise.all([
        tafels.listTafels(),
        tafels.listAllReports(),
        names(),
      ]);
      return all
        .filter((t) => PUBLIC_ID.test(t.id))
        .map((doc) => {
          const tafel = toTafel(doc);
          const own = reports.filter((r) => r.ontwikkeltafelId === tafel.id).map(toRapportage);
          const view = ontwikkeltafelPublicView(tafel, own, organisationNames);
          return {
            kind: 'ontwikkeltafel' as const,
            sourceId: tafel.id,
            title: tafel.name,
            sourceVersion: versionOf(view),
          };
        });
    },
    async build(sourceId) {
      const doc = (await tafels.getTafel(sourceId))?.value;
      if (!doc) return undefined;
      const [reports, organisationNames] = await Promise.all([tafels.listReports(sourceId), names()]);
      const tafel = toTafel(doc);
      const view = ontwikkeltafelPublicView(
        tafel,
        reports.map((r) => toRapportage(r.value)),
        organisationNames,
      );
      return { view, sourceVersion: versionOf(view), title: tafel.name };
    },
  };
}

export function publicationSources(db: TafelbotDatabase, registry: OrganisationNames): PublicationSource[] {
  const inschrijving = new InschrijvingRepository(db);
  const meetings = new MeetingsRepository(db);
  return [
    compositionSource(inschrijving, registry),
    drawRecordSource(inschrijving),
    agendaSource(meetings, registry),
    verslagSource(meetings, registry),
    decisionSource(new VoorstellenRepository(db)),
    ontwikkeltafelSource(new OntwikkeltafelsRepository(db), registry),
  ] as PublicationSource[];
}
