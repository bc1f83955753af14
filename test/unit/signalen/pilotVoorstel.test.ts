import {
  checkPilotVoorstel,
  decidePilot,
  linkPilotVoorstel,
  mayMakePilotVoorstel,
  pilotAsVoorstelInput,
  pilotReadyForVoorstel,
  pilotVoorstelSource,
  trackPilot,
  type PilotAanvraag,
} from '../../../src/domain/signalen';
import { refusalMessages } from '../../../src/domain/shared/result';
import { validateVoorstelInput } from '../../../src/domain/voorstellen/voorstel';
import {
  aanbieder,
  at,
  BRUG,
  contact,
  gemeenteAdmin,
  KOMPAS,
  must,
  ORGANISATIONS,
  pilot,
  UNKNOWN,
} from './fixtures';

/** A pilot's result becomes a voorstel in one step [002 art. 10.5]. */

const NOW = at('2028-01-10 10:00');
const RESULT = 'Het aantal verwijzingen naar specialistische GGZ daalde met 24%.';

function withResult(result = RESULT): PilotAanvraag {
  const approved = must(
    decidePilot(pilot(), { kind: 'instemming', reason: '' }, gemeenteAdmin(), at('2027-03-20 10:00')),
  );
  return must(
    trackPilot(
      approved,
      { startedOn: '2027-04-01', endedOn: '2027-12-31', result },
      contact('p-brug', [BRUG]),
      at('2028-01-05 10:00'),
    ),
  );
}

describe('the voorstel made from a pilot', () => {
  it('is a valid concept voorstel of the kind pilot, pre-filled from the pilot', () => {
    const input = pilotAsVoorstelInput(withResult(), ORGANISATIONS);
    const valid = must(validateVoorstelInput(input));
    expect(valid).toMatchObject({
      title: 'Resultaat pilot: Gezinscoach in de huisartsenpraktijk',
      summary: RESULT,
      type: 'pilot',
      percelen: [3, 4],
      origin: 'overlegtafel',
      confidentialParts: [],
    });
    expect(valid.text).toContain('Onderzoeksvraag: Daalt het aantal verwijzingen');
    expect(valid.text).toContain(`Resultaat: ${RESULT}`);
    expect(valid.text).toContain('Afwijking van de afspraken tijdens de pilot: Declaratie per uur');
    expect(valid.text).toContain('1 april 2027 t/m 31 december 2027');
  });

  it('comes from the ontwikkeltafel whose report the pilot is linked to', () => {
    const p = withResult();
    const linked: PilotAanvraag = {
      ...p,
      reportLinks: [
        {
          reportId: 'r-1',
          title: 'T',
          ontwikkeltafelId: 'ot-1',
          linkedAt: NOW.toISOString(),
          linkedBy: p.requestedBy,
        },
      ],
    };
    expect(pilotAsVoorstelInput(linked, ORGANISATIONS).origin).toEqual({ ontwikkeltafelId: 'ot-1' });
  });

  it('takes the percelen of the participants, or all when the registry no longer knows them', () => {
    const other = [aanbieder(BRUG.id, BRUG.name, [1]), aanbieder(KOMPAS.id, KOMPAS.name, [5])];
    expect(pilotAsVoorstelInput(withResult(), other).percelen).toEqual([1, 5]);
    expect(pilotAsVoorstelInput(withResult(), []).percelen).toEqual([1, 2, 3, 4, 5]);
  });

  it('cuts a long title and result to what a voorstel takes', () => {
    const long = { ...withResult('r'.repeat(3000)), title: 't'.repeat(200) };
    expect(validateVoorstelInput(pilotAsVoorstelInput(long, ORGANISATIONS)).ok).toBe(true);
  });

  it('names its pilot and the pilot’s participants', () => {
    expect(pilotVoorstelSource(withResult())).toEqual({
      kind: 'pilot',
      pilotId: 'pl-1',
      title: 'Gezinscoach in de huisartsenpraktijk',
      organisationIds: [BRUG.id, KOMPAS.id],
    });
  });
});

describe('who makes it, and when', () => {
  it('the gemeente and the participants may; others may not', () => {
    const p = withResult();
    expect(mayMakePilotVoorstel(gemeenteAdmin(), p)).toBe(true);
    expect(mayMakePilotVoorstel(contact('p-k', [KOMPAS]), p)).toBe(true);
    const outsider = contact('p-x', [aanbieder('org-x', 'X')]);
    expect(mayMakePilotVoorstel(outsider, p)).toBe(false);
    expect(checkPilotVoorstel(p, outsider)).toMatchObject({ code: 'pilot.voorstel-not-allowed' });
    expect(checkPilotVoorstel(p, UNKNOWN)).toMatchObject({ code: 'auth.unknown-user' });
  });

  it('only once the pilot has a result', () => {
    const approved = must(decidePilot(pilot(), { kind: 'instemming', reason: '' }, gemeenteAdmin(), NOW));
    const refusal = checkPilotVoorstel(approved, gemeenteAdmin());
    if (refusal.ok) throw new Error('expected a refusal');
    expect(refusal.code).toBe('pilot.no-result');
    expect(refusalMessages(refusal, 'en')[0]).toMatch(/result first/);
    expect(pilotReadyForVoorstel(approved)).toBe(false);
    expect(pilotReadyForVoorstel(withResult())).toBe(true);
  });

  it('links one voorstel: the same again changes nothing, another is refused', () => {
    const linked = must(linkPilotVoorstel(withResult(), 'vs-1', gemeenteAdmin(), NOW));
    expect(linked.voorstelId).toBe('vs-1');
    expect(linked.updatedAt).toBe(NOW.toISOString());
    expect(pilotReadyForVoorstel(linked)).toBe(false);
    expect(must(linkPilotVoorstel(linked, 'vs-1', contact('p-brug', [BRUG]), NOW))).toBe(linked);
    expect(linkPilotVoorstel(linked, 'vs-2', gemeenteAdmin(), NOW)).toMatchObject({
      code: 'pilot.voorstel-exists',
    });
  });
});
