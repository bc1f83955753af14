import { applyPublication, publicationPlan, type RoundRegistration } from '../../src/domain/inschrijving';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyDrawRecord } from '../../src/domain/lottery';
import { runLotteryExport } from '../../src/cli/lotteryExport';
import { runLotteryVerify } from '../../src/cli/lotteryVerify';
import type { TafelbotDatabase } from '../../src/storage/cosmosClient';
import { DocumentConflictError, StaleDocumentError } from '../../src/storage/documentStore';
import { currentOverlegtafelMembers, InschrijvingRepository } from '../../src/storage/inschrijvingRepository';
import { buildSampleRound } from '../support/inschrijvingSamples';
import { createTestDatabase, dropTestDatabase } from '../support/testStore';

describe('inschrijving repository against the embedded Cosmos store', () => {
  let db: TafelbotDatabase;
  let repo: InschrijvingRepository;
  const sample = buildSampleRound();
  const registration = sample.registrations[0]!;

  beforeAll(async () => {
    db = await createTestDatabase('inschrijving');
    repo = new InschrijvingRepository(db);
    await repo.createRound(sample.open);
  });
  afterAll(() => dropTestDatabase(db));

  it('allows one round per year: a second round for 2027 is a conflict and the first is kept', async () => {
    await expect(
      repo.createRound({ ...sample.open, deadline: '2027-02-01T11:00:00.000Z' }),
    ).rejects.toBeInstanceOf(DocumentConflictError);
    expect((await repo.getRoundOfYear(2027))?.value.deadline).toBe(sample.open.deadline);
    await repo.createRound({ ...sample.open, id: 'ronde-2026', year: 2026 });
    expect((await repo.latestRound())?.value.id).toBe('ronde-2027');
  });

  it('refuses a second registration of the same organisation and keeps the first, nothing duplicated', async () => {
    await repo.createRegistration(registration);
    await expect(
      repo.createRegistration({ ...registration, perceel: 1, motivation: 'Tweede poging' }),
    ).rejects.toBeInstanceOf(DocumentConflictError);
    const stored = await repo.listRegistrations(sample.open.id);
    expect(stored.map((r) => r.value.motivation)).toEqual([registration.motivation]);
  });

  it('refuses an edit with a stale ETag and keeps the other contact’s change', async () => {
    const first = await repo.getRegistration(sample.open.id, registration.organisationId);
    const second = await repo.getRegistration(sample.open.id, registration.organisationId);
    await repo.replaceRegistration(
      { ...first!.value, motivation: 'Aangepast door de vervanger' },
      first!.etag,
    );
    await expect(
      repo.replaceRegistration({ ...second!.value, motivation: 'Oude versie' }, second!.etag),
    ).rejects.toBeInstanceOf(StaleDocumentError);
    expect((await repo.getRegistration(sample.open.id, registration.organisationId))?.value.motivation).toBe(
      'Aangepast door de vervanger',
    );
  });

  it('lists the registrations of one round only (roundId in WHERE), optionally only the active ones', async () => {
    const other: RoundRegistration = { ...sample.registrations[1]!, roundId: 'ronde-2026' };
    await repo.createRegistration(other);
    const withdrawn: RoundRegistration = { ...sample.registrations[2]!, status: 'ingetrokken' };
    await repo.createRegistration(withdrawn);
    expect((await repo.listRegistrations('ronde-2027')).map((r) => r.value.organisationId).sort()).toEqual(
      [registration.organisationId, withdrawn.organisationId].sort(),
    );
    expect((await repo.listRegistrations('ronde-2027', { activeOnly: true })).map((r) => r.value.id)).toEqual(
      [registration.organisationId],
    );
    expect((await repo.listRegistrations('ronde-2026')).map((r) => r.value.id)).toEqual([other.id]);
  });

  it('stores the draw record once, exactly: read back it still verifies', async () => {
    await repo.createDrawRecord(sample.open.id, sample.record);
    await expect(repo.createDrawRecord(sample.open.id, sample.record)).rejects.toBeInstanceOf(
      DocumentConflictError,
    );
    const stored = await repo.getDrawRecord(sample.open.id);
    expect(stored).toEqual(sample.record);
    expect(verifyDrawRecord(stored)).toEqual({ valid: true, committed: false, problems: [] });
    expect(await repo.getDrawRecord('ronde-2026')).toBeUndefined();
  });

  it('reports the Overlegtafel members of a year only once the composition is published', async () => {
    expect(await currentOverlegtafelMembers(db, 2027)).toEqual([]);
    await repo.updateRound(sample.open.id, () => sample.drawn);
    expect(await currentOverlegtafelMembers(db, 2027)).toEqual([]);
    const plan = publicationPlan(sample.drawn, sample.registrations);
    if (!plan.ok) throw new Error('setup');
    await repo.updateRound(sample.open.id, (r) =>
      applyPublication(r, plan.value, ['ronde-2027-samenstelling-v1'], 'person-admin', new Date()),
    );
    const members = await currentOverlegtafelMembers(db, 2027);
    expect(members.map((m) => m.organisationId)).toEqual(
      sample.drawn.composition!.members.map((m) => m.organisationId),
    );
    expect(await currentOverlegtafelMembers(db, 2030)).toEqual([]);
  });

  it('exports the record with lottery:export, and lottery:verify confirms the exported file', async () => {
    const lines: string[] = [];
    const output = { out: (text: string) => lines.push(text), err: (line: string) => lines.push(line) };
    const file = join(mkdtempSync(join(tmpdir(), 'lotingsverslag-')), 'verslag.json');
    expect(await runLotteryExport(['--', '2027', file], db, output)).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(sample.record);
    expect(lines.join('\n')).toContain(`npm run lottery:verify -- ${file}`);
    const verified: string[] = [];
    expect(
      await runLotteryVerify([file, '--lang', 'nl'], {
        out: (l) => verified.push(l),
        err: (l) => verified.push(l),
      }),
    ).toBe(0);
    expect(verified[0]).toContain('Bevestigd');

    lines.length = 0;
    expect(await runLotteryExport(['ronde-2027'], db, output)).toBe(0);
    expect(JSON.parse(lines[0]!)).toEqual(sample.record);
    expect(await runLotteryExport(['ronde-2026'], db, output)).toBe(1);
    expect(await runLotteryExport(['vorig-jaar'], db, output)).toBe(2);
    expect(await runLotteryExport([], db, output)).toBe(2);

    // In the terminal's language, or --lang's.
    lines.length = 0;
    expect(await runLotteryExport(['ronde-2026'], db, output, { LANG: 'en_GB.UTF-8' })).toBe(1);
    expect(await runLotteryExport(['ronde-2026', '--lang', 'nl'], db, output, { LANG: 'en_GB.UTF-8' })).toBe(
      1,
    );
    expect(await runLotteryExport([], db, output, { LC_ALL: 'nl_NL.UTF-8' })).toBe(2);
    expect(lines).toEqual([
      'There is no draw record for ronde-2026: the draw has not been run (yet).',
      'Er is geen lotingsverslag voor ronde-2026: de loting is (nog) niet uitgevoerd.',
      'Gebruik: npm run lottery:export -- <ronde-id of jaar, bijv. ronde-2027 of 2027> [bestand.json] [--lang nl|en]',
    ]);
  });
});
