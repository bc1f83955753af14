import type { MemberSource } from '../cards/views/meetingsViews';
import type { MeetingMember, MeetingTable } from '../domain/meetings';
import type { Organisation } from '../domain/registry/registry';
import type { TafelbotDatabase } from '../storage/cosmosClient';
import { currentOverlegtafelMembers } from '../storage/inschrijvingRepository';
import type { MeetingDocument } from '../storage/meetingsRepository';
import type {
  OntwikkeltafelMembershipDocument,
  OrganisationDocument,
  RegistryRepository,
} from '../storage/registryRepository';

/**
 * Who a meeting is for: the tables a meeting can be planned for, the organisations expected at one (from the
 * published composition or the ontwikkeltafel's participants), and everyone its agenda and verslag go to.
 */

export interface TableChoice {
  readonly id: string;
  readonly name: string;
}

export class MeetingMembers {
  constructor(
    private readonly deps: { readonly db: TafelbotDatabase; readonly registry: RegistryRepository },
  ) {}

  async activeOntwikkeltafels(): Promise<OntwikkeltafelMembershipDocument[]> {
    const tables = await this.deps.registry.ontwikkeltafels.query(
      "SELECT * FROM c WHERE c.status = 'actief'",
    );
    return tables.sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  }

  async tableChoices(): Promise<TableChoice[]> {
    const tables = await this.activeOntwikkeltafels();
    return [
      { id: 'overlegtafel', name: 'Overlegtafel' },
      ...tables.map((t) => ({ id: t.id, name: `Ontwikkeltafel ${t.name}` })),
    ];
  }

  async tableOf(choice: string): Promise<MeetingTable | undefined> {
    if (choice === 'overlegtafel') return 'overlegtafel';
    if (!choice) return undefined;
    const table = await this.deps.registry.ontwikkeltafels.read(choice);
    if (!table || table.value.status !== 'actief') return undefined;
    return { ontwikkeltafelId: table.value.id, name: table.value.name };
  }

  /**
   * Who is expected at a meeting. The Overlegtafel: the aanbieders of the composition published for the meeting's
   * year (issue 4), or of the year before until the new one is published, plus every gemeente and the lokale
   * toegang. An ontwikkeltafel: its participating organisations plus the gemeenten that organise it.
   */
  async membersFor(
    table: MeetingTable,
    year: number,
  ): Promise<{ members: MeetingMember[]; source: MemberSource }> {
    const organisations = await this.deps.registry.listOrganisations();
    const byId = new Map(organisations.map((o) => [o.id, o]));
    const member = (o: Organisation): MeetingMember => ({ organisationId: o.id, name: o.name, type: o.type });
    const gemeenten = organisations.filter((o) => o.type === 'gemeente');
    if (table !== 'overlegtafel') {
      const tafel = await this.deps.registry.ontwikkeltafels.read(table.ontwikkeltafelId);
      const participants = (tafel?.value.participantOrganisationIds ?? [])
        .map((id) => byId.get(id))
        .filter((o): o is OrganisationDocument => o !== undefined && o.type !== 'gemeente');
      return {
        members: [...gemeenten, ...participants].map(member),
        source: { kind: 'ontwikkeltafel' },
      };
    }
    const publicBodies = organisations.filter((o) => o.type === 'gemeente' || o.type === 'lokale-toegang');
    for (const candidate of [year, year - 1]) {
      const composition = await currentOverlegtafelMembers(this.deps.db, candidate);
      const aanbieders = composition
        .map((m) => byId.get(m.organisationId))
        .filter((o): o is OrganisationDocument => o !== undefined && o.type === 'aanbieder');
      if (aanbieders.length > 0) {
        return {
          members: [...publicBodies, ...aanbieders].map(member),
          source: { kind: 'samenstelling', year: candidate },
        };
      }
    }
    return { members: publicBodies.map(member), source: { kind: 'geen-samenstelling', year } };
  }

  /**
   * The members as they are now, for an edit or the agenda broadcast: a composition published since planning
   * counts for the meeting. Without a published composition (or participants) the snapshot taken at planning is
   * kept, so a missing publication never empties a table.
   */
  async refreshedMembers(doc: MeetingDocument): Promise<MeetingMember[]> {
    const { members, source } = await this.membersFor(doc.table, doc.year);
    const authoritative =
      source.kind === 'samenstelling' ||
      (source.kind === 'ontwikkeltafel' && members.some((m) => m.type !== 'gemeente'));
    return authoritative ? members : [...doc.members];
  }

  /** Everyone the agenda and the verslag go to: all contracted aanbieders and the meeting's members. */
  async everyProvider(doc: MeetingDocument): Promise<string[]> {
    const organisations = await this.deps.registry.listOrganisations();
    const ids = new Set(organisations.filter((o) => o.type === 'aanbieder' && o.contracted).map((o) => o.id));
    for (const m of doc.members)
      if (organisations.some((o) => o.id === m.organisationId)) ids.add(m.organisationId);
    return [...ids];
  }
}
