import type { DeliveryService } from '../../../src/delivery/deliveryService';
import type { Actor } from '../../../src/domain/registry/actor';
import { InschrijvingService } from '../../../src/inschrijving/inschrijvingService';
import type { TafelbotDatabase } from '../../../src/storage/cosmosClient';
import type { RegistryRepository } from '../../../src/storage/registryRepository';
import { contact, gemeenteAdmin, organisation } from '../voorstellen/fixtures';

/**
 * The open invitation's permission checks live in InschrijvingService: round management is the gemeente's and
 * a registration is its organisation's contacts'. Someone else is refused before anything is read or written;
 * every store here fails the test on any use, so a refusal that touched one would show.
 */

function untouchable<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get: (_target, property) => {
      throw new Error(`${name} was used: ${String(property)}`);
    },
  });
}

/** A database whose containers may be named (the repositories are built up front) but never used. */
const db = { container: (name: string) => untouchable(`container ${name}`) } as unknown as TafelbotDatabase;

const service = new InschrijvingService({
  db,
  registry: untouchable<RegistryRepository>('the registry'),
  delivery: untouchable<DeliveryService>('the delivery'),
  now: () => new Date('2027-03-10T09:00:00.000Z'),
});

const UNKNOWN: Actor = { kind: 'unknown' };
const ALFA = organisation('org-alfa', 'Alfa Zorg');
const ALFA_CONTACT = contact('p-anna', ALFA);
const BETA_CONTACT = contact('p-bram', organisation('org-beta', 'Beta Zorg'));
const UNCONTRACTED_CONTACT = contact('p-cor', organisation('org-gamma', 'Gamma Zorg', 'aanbieder', false));
const NOT_ALLOWED = { kind: 'not-allowed' };

describe('InschrijvingService: rounds are the gemeente\u2019s', () => {
  it.each([
    ['an unknown user', UNKNOWN],
    ['a contact of an aanbieder', ALFA_CONTACT],
  ])('refuses %s every round use case without touching a store', async (_who, actor) => {
    const rounds = service.rounds;
    expect(rounds.mayManageRounds(actor)).toBe(false);
    expect(await rounds.roundHome(actor, undefined)).toEqual(NOT_ALLOWED);
    expect(await rounds.openRound(actor, {} as never)).toEqual(NOT_ALLOWED);
    expect(await rounds.resendInvitation(actor, 'ronde-2027')).toEqual(NOT_ALLOWED);
    expect(await rounds.drawForm(actor, 'ronde-2027')).toEqual(NOT_ALLOWED);
    expect(await rounds.draw(actor, 'ronde-2027', 'seed')).toEqual(NOT_ALLOWED);
    expect(await rounds.outcome(actor, 'ronde-2027')).toEqual(NOT_ALLOWED);
    expect(await rounds.compositionForm(actor, 'ronde-2027')).toEqual(NOT_ALLOWED);
    expect(
      await rounds.changeComposition(actor, 'ronde-2027', { remove: 'org-alfa', add: '', reason: 'x' }, ''),
    ).toEqual(NOT_ALLOWED);
    expect(await rounds.publish(actor, 'ronde-2027')).toEqual(NOT_ALLOWED);
  });

  it('lets the gemeente admin manage rounds', () => {
    expect(service.rounds.mayManageRounds(gemeenteAdmin())).toBe(true);
  });
});

describe('InschrijvingService: a registration is its organisation\u2019s contacts\u2019', () => {
  it('has nothing to offer someone who is no contact of a contracted aanbieder', async () => {
    for (const actor of [UNKNOWN, gemeenteAdmin(), UNCONTRACTED_CONTACT]) {
      expect(await service.registrations.registrationHome(actor, undefined, false)).toEqual({
        kind: 'no-organisation',
      });
    }
  });

  it.each([
    ['an unknown user', UNKNOWN, 'inschrijving.onbekend'],
    ['the gemeente', gemeenteAdmin(), 'inschrijving.geen-contact'],
    ['a contact of another aanbieder', BETA_CONTACT, 'inschrijving.geen-contact'],
  ])('refuses %s the form, saving and withdrawing for Alfa', async (_who, actor, code) => {
    const registrations = service.registrations;
    const refused = { kind: 'not-contact', refusal: expect.objectContaining({ code }) };
    expect(await registrations.registrationForm(actor, ALFA.id, undefined)).toEqual(refused);
    expect(await registrations.saveRegistration(actor, ALFA.id, undefined, {} as never, '')).toEqual(refused);
    expect(await registrations.withdraw(actor, ALFA.id, undefined, '')).toEqual(refused);
  });
});
