import { answerSignaal, decidePilot, requestAgenda } from '../../src/domain/signalen';
import type { TafelbotDatabase } from '../../src/storage/cosmosClient';
import { DocumentConflictError } from '../../src/storage/documentStore';
import { SignalenRepository, toPilot, toSignaal } from '../../src/storage/signalenRepository';
import { createTestDatabase, dropTestDatabase } from '../support/testStore';
import { at, BRUG, contact, gemeenteAdmin, KOMPAS, must, pilot, signaal } from '../unit/signalen/fixtures';

describe('signalen repository against the embedded Cosmos store', () => {
  let db: TafelbotDatabase;
  let repo: SignalenRepository;
  const brug = contact('p-brug', [BRUG]);
  const kompas = contact('p-kompas', [KOMPAS]);

  beforeAll(async () => {
    db = await createTestDatabase('signalen');
    repo = new SignalenRepository(db);
  });
  afterAll(() => dropTestDatabase(db));

  it('stores a signaal in its organisation’s partition; a second create with the same id is a conflict', async () => {
    const raised = signaal({}, brug, BRUG.id, at('2027-03-10 10:00'), 'sg-a');
    await repo.createSignaal(raised);
    await expect(repo.createSignaal({ ...raised, text: 'Tweede poging' })).rejects.toBeInstanceOf(
      DocumentConflictError,
    );
    const stored = await repo.getSignaal(BRUG.id, 'sg-a');
    expect(toSignaal(stored!.value)).toEqual(raised);
    // Read with another partition key, it is not there: the partition is part of its address.
    expect(await repo.getSignaal(KOMPAS.id, 'sg-a')).toBeUndefined();
  });

  it('lists one organisation’s signalen only, newest first, and bounded', async () => {
    await repo.createSignaal(signaal({}, brug, BRUG.id, at('2027-03-12 10:00'), 'sg-b'));
    await repo.createSignaal(
      signaal(
        { onderwerp: 'wachtlijst', perceel: '4', allocationDate: '2027-03-01' },
        kompas,
        KOMPAS.id,
        at('2027-03-11 10:00'),
        'sg-c',
      ),
    );
    expect((await repo.signalenOf(BRUG.id)).map((s) => s.id)).toEqual(['sg-b', 'sg-a']);
    expect((await repo.signalenOf(BRUG.id, 1)).map((s) => s.id)).toEqual(['sg-b']);
    expect((await repo.signalenOf(KOMPAS.id)).map((s) => s.id)).toEqual(['sg-c']);
  });

  it('gives the gemeente every organisation’s signalen in a period, optionally by onderwerp', async () => {
    await repo.createSignaal(signaal({}, gemeenteAdmin(), null, at('2026-12-31 23:30'), 'sg-oud'));
    const year = { from: at('2027-01-01 00:00').toISOString(), until: at('2028-01-01 00:00').toISOString() };
    expect((await repo.listSignalen(year)).map((s) => s.id)).toEqual(['sg-b', 'sg-c', 'sg-a']);
    expect((await repo.listSignalen({ ...year, onderwerp: 'wachtlijst' })).map((s) => s.id)).toEqual([
      'sg-c',
    ]);
    expect((await repo.listSignalen()).map((s) => s.id)).toContain('sg-oud');
  });

  it('updates with ETag retries: two concurrent answers both land', async () => {
    const admin = gemeenteAdmin();
    const now = at('2027-03-13 09:00');
    await Promise.all(
      ['x', 'y'].map((id) =>
        repo.updateSignaal(BRUG.id, 'sg-a', (current) => ({
          ...current,
          ...must(answerSignaal(toSignaal(current), { id, text: `Antwoord ${id}` }, admin, now)).signaal,
        })),
      ),
    );
    const answers = (await repo.getSignaal(BRUG.id, 'sg-a'))!.value.answers.map((a) => a.id).sort();
    expect(answers).toEqual(['x', 'y']);
  });

  it('lists the agenda requests, oldest request first', async () => {
    const admin = gemeenteAdmin();
    for (const [organisationId, id, when] of [
      [KOMPAS.id, 'sg-c', '2027-03-14 10:00'],
      [BRUG.id, 'sg-b', '2027-03-15 10:00'],
    ] as const) {
      await repo.updateSignaal(organisationId, id, (current) => ({
        ...current,
        ...must(requestAgenda(toSignaal(current), admin, at(when))),
      }));
    }
    expect((await repo.agendaRequests()).map((s) => s.id)).toEqual(['sg-c', 'sg-b']);
  });

  it('stores pilots with their participants flat, and finds those of an organisation', async () => {
    const requested = pilot();
    await repo.createPilot(requested);
    await expect(repo.createPilot(requested)).rejects.toBeInstanceOf(DocumentConflictError);
    await repo.createPilot({
      ...pilot(),
      id: 'pl-2',
      organisations: [{ organisationId: 'org-z', name: 'Z' }],
    });
    expect(toPilot((await repo.getPilot('pl-1'))!.value)).toEqual(requested);
    expect((await repo.pilotsOf([KOMPAS.id])).map((p) => p.id)).toEqual(['pl-1']);
    expect((await repo.pilotsOf([KOMPAS.id, 'org-z'])).map((p) => p.id).sort()).toEqual(['pl-1', 'pl-2']);
    expect(await repo.pilotsOf([])).toEqual([]);
    expect((await repo.listPilots()).length).toBe(2);
  });

  it('finds approved pilots past their end that were not reminded yet', async () => {
    const admin = gemeenteAdmin();
    await repo.updatePilot('pl-1', (current) => ({
      ...current,
      ...must(
        decidePilot(toPilot(current), { kind: 'instemming', reason: '' }, admin, at('2027-03-20 10:00')),
      ),
    }));
    expect(await repo.pilotsAwaitingResult('2027-12-31')).toEqual([]);
    expect((await repo.pilotsAwaitingResult('2028-01-01')).map((p) => p.id)).toEqual(['pl-1']);
    await repo.updatePilot('pl-1', (current) => ({
      ...current,
      resultReminderAt: '2028-01-01T08:00:00.000Z',
    }));
    expect(await repo.pilotsAwaitingResult('2028-01-01')).toEqual([]);
  });
});
