import { wachtlijstPerPerceel } from '../../../src/domain/signalen';
import { at, BRUG, contact, KOMPAS, signaal } from './fixtures';

describe('waiting lists per perceel', () => {
  const brug = contact('p-brug', [BRUG]);
  const kompas = contact('p-kompas', [KOMPAS]);
  const now = at('2027-05-20 10:00');
  const report = (
    actor: typeof brug,
    organisationId: string,
    perceel: string,
    allocationDate: string,
    expectedStartDate: string,
    clients: string,
  ) =>
    signaal(
      { onderwerp: 'wachtlijst', perceel, allocationDate, expectedStartDate, clients },
      actor,
      organisationId,
      now,
    );

  it('adds up signalen, providers and clients, with the longest expected wait and who is still waiting', () => {
    const signalen = [
      // 20 April to 3 June: 32 weekdays minus Koningsdag, Bevrijdingsdag, Hemelvaart and Tweede Pinksterdag = 28.
      report(brug, BRUG.id, '4', '2027-04-20', '2027-06-03', '2'),
      report(brug, BRUG.id, '4', '2027-04-01', '', '1'),
      report(kompas, KOMPAS.id, '4', '2027-03-01', '2027-04-19', '5'),
      report(brug, BRUG.id, '3', '2027-05-03', '', '1'),
      signaal({ onderwerp: 'inwoners' }, brug, BRUG.id, now),
    ];
    const rows = wachtlijstPerPerceel(signalen, '2027-05-20');
    expect(rows.map((r) => r.perceel)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[3]).toEqual({
      perceel: 4,
      signalen: 3,
      aanbieders: 2,
      clients: 8,
      // Kompas's clients started on 19 April; Brug's three have not.
      clientsStillWaiting: 3,
      unknownStart: 1,
      // 1 March to 19 April: 35 weekdays minus Tweede Paasdag (29 March).
      longestExpectedWorkingDays: 34,
      // Still waiting since 1 April: 35 weekdays minus the same four holidays as above.
      oldestWaitingWorkingDays: 31,
    });
    expect(rows[2]).toMatchObject({ signalen: 1, clients: 1, longestExpectedWorkingDays: null });
    expect(rows[0]).toEqual({
      perceel: 1,
      signalen: 0,
      aanbieders: 0,
      clients: 0,
      clientsStillWaiting: 0,
      unknownStart: 0,
      longestExpectedWorkingDays: null,
      oldestWaitingWorkingDays: null,
    });
  });
});
