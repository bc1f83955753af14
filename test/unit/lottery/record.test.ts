import fc from 'fast-check';
import {
  ALGORITHM_VERSION,
  buildDrawRecord,
  canonicalJson,
  drawSelection,
  LotteryInputError,
  sha256Hex,
  verifyDrawRecord,
  type DistributionFramework,
  type DrawRecord,
  type Registration,
} from '../../../src/domain/lottery';
import {
  framework,
  frameworkArbitrary,
  registration,
  registrationsArbitrary,
  reseal,
  seedArbitrary,
} from './support';

const CREATED_AT = new Date('2027-01-20T10:00:00Z');

/** The Dutch problems of a verification (the English ones are checked in test/unit/i18n). */
const dutch = (result: { problems: readonly { nl: string }[] }): string[] => result.problems.map((p) => p.nl);

function field(): Registration[] {
  return [
    registration('r01', 1, 'klein', 'lokaal'),
    registration('r02', 1, 'groot'),
    registration('r03', 1, 'middel', 'regionaal', true),
    registration('r04', 2, 'klein', 'lokaal', true),
    registration('r05', 2, 'groot'),
    registration('r06', 2, 'groot', 'regionaal', true),
    registration('r07', 3, 'middel', 'lokaal'),
    registration('r08', 3, 'klein'),
    registration('r09', 4, 'groot', 'lokaal'),
    registration('r10', 4, 'klein', 'regionaal', true),
    registration('r11', 4, 'middel'),
    registration('r12', 5, 'klein', 'lokaal'),
    registration('r13', 5, 'groot'),
    registration('r14', 3, 'groot', 'regionaal', true),
    registration('r15', 1, 'klein'),
  ];
}

function record(
  overrides: { registrations?: Registration[]; framework?: DistributionFramework; seed?: string } = {},
) {
  return buildDrawRecord({
    title: 'Overlegtafel 2027',
    registrations: overrides.registrations ?? field(),
    framework:
      overrides.framework ??
      framework({ continuity: { minimumReturning: 2 }, inflow: { minimumNewcomers: 2 } }),
    seed: overrides.seed ?? 'slotkoers AEX 2027-01-15: 912,34',
    seedSource: 'aangekondigd vooraf: slotkoers AEX 2027-01-15',
    createdAt: CREATED_AT,
  });
}

/** As it would be read back from a published file. */
const published = (value: DrawRecord): DrawRecord => JSON.parse(JSON.stringify(value)) as DrawRecord;

describe('buildDrawRecord', () => {
  it('holds what is needed to re-run the draw, the outcome, unmet rules and probabilities', () => {
    const built = record();
    const outcome = drawSelection(field(), built.framework, built.seed);
    expect(built.algorithmVersion).toBe(ALGORITHM_VERSION);
    expect(built.title).toBe('Overlegtafel 2027');
    expect(built.seedSource).toBe('aangekondigd vooraf: slotkoers AEX 2027-01-15');
    expect(built.createdAt).toBe('2027-01-20T10:00:00.000Z');
    expect(built.outcome.selected).toEqual(outcome.selected);
    expect(built.outcome.reserve).toEqual(outcome.reserve);
    expect(built.unmetRules).toEqual(outcome.unmetRules);
    expect(built.probabilities.entries).toHaveLength(15);
    expect(built.registrationsSha256).toBe(sha256Hex(canonicalJson(built.registrations)));
    expect(built.registrations.map((r) => r.registrationId)).toEqual(
      field()
        .map((r) => r.registrationId)
        .sort(),
    );
  });

  it('keeps contact details and other personal data out of the record, even when the caller passes them', () => {
    const withContacts = field().map((r) => ({
      ...r,
      contactpersoon: 'Jan Jansen',
      email: 'jan@zorg.example',
      motivatie: 'Wij willen graag meedenken',
    }));
    const text = JSON.stringify(record({ registrations: withContacts }));
    expect(text).not.toContain('jan@zorg.example');
    expect(text).not.toContain('Jan Jansen');
    expect(text).not.toContain('motivatie');
    expect(record({ registrations: withContacts }).recordSha256).toBe(record().recordSha256);
  });

  it('is the same whatever the order of the registrations', () => {
    expect(record({ registrations: [...field()].reverse() })).toEqual(record());
  });

  it('requires the source of the seed to be stated', () => {
    expect(() =>
      buildDrawRecord({ registrations: field(), framework: framework(), seed: 's', seedSource: ' ' }),
    ).toThrow(LotteryInputError);
  });

  it('can record Monte Carlo probabilities with their runs', () => {
    const built = buildDrawRecord({
      registrations: field(),
      framework: framework(),
      seed: 's',
      seedSource: 'gegenereerd en gepubliceerd',
      probabilities: { method: 'monte-carlo', monteCarloRuns: 200 },
    });
    expect(built.probabilities.method).toBe('monte-carlo');
    expect(built.probabilities.runs).toBe(200);
    expect(verifyDrawRecord(published(built))).toEqual({ valid: true, committed: false, problems: [] });
    const fewerRuns = reseal({ ...built, probabilities: { ...built.probabilities, runs: 300 } });
    expect(verifyDrawRecord(fewerRuns).valid).toBe(false);
  });
});

describe('verifyDrawRecord', () => {
  it('confirms a true record read back from JSON', () => {
    expect(verifyDrawRecord(published(record()))).toEqual({ valid: true, committed: false, problems: [] });
  });

  it('refutes a swapped outcome, naming the places, also when the forger recomputed the hashes', () => {
    const original = published(record());
    const selected = [...original.outcome.selected];
    const reserve = [...original.outcome.reserve];
    const [first] = selected.splice(0, 1, {
      ...selected[0],
      ...reserve[0],
      rank: 1,
    } as (typeof selected)[number]);
    reserve[0] = { ...reserve[0], ...first, rank: 1 } as (typeof reserve)[number];
    const tampered = { ...original, outcome: { ...original.outcome, selected, reserve } };

    const plain = verifyDrawRecord(tampered);
    expect(plain.valid).toBe(false);
    expect(dutch(plain)).toContain(
      'Het controlegetal van het verslag (recordSha256) klopt niet: het verslag is na het opstellen gewijzigd',
    );
    const resealed = verifyDrawRecord(reseal(tampered));
    expect(resealed.valid).toBe(false);
    expect(dutch(resealed).some((p) => p.startsWith('Gekozen, plaats 1: vastgelegd'))).toBe(true);
    expect(dutch(resealed).some((p) => p.startsWith('Reservelijst, plaats 1: vastgelegd'))).toBe(true);
  });

  it('refutes edited registrations by their hash, and by the re-run when the hash was recomputed', () => {
    const original = published(record());
    const registrations = original.registrations.map((r) =>
      r.registrationId === 'r07' ? { ...r, herkomst: 'regionaal' as const } : r,
    );
    const edited = { ...original, registrations };
    const plain = verifyDrawRecord(edited);
    expect(plain.valid).toBe(false);
    expect(dutch(plain)[0]).toMatch(
      /^De hash van de inschrijvingen klopt niet \(vastgelegd [0-9a-f]{64}, berekend [0-9a-f]{64}\)/,
    );
    const resealed = verifyDrawRecord(reseal(edited));
    expect(resealed.valid).toBe(false);
    expect(dutch(resealed).join('\n')).toContain('Niet-gehaalde regels wijken af');
  });

  it('refutes a changed seed', () => {
    const original = published(record());
    const changed = { ...original, seed: 'slotkoers AEX 2027-01-15: 912,35' };
    expect(verifyDrawRecord(changed).valid).toBe(false);
    const resealed = verifyDrawRecord(reseal(changed));
    expect(resealed.valid).toBe(false);
    expect(dutch(resealed).some((p) => p.startsWith('Gekozen') || p.startsWith('Reservelijst'))).toBe(true);
  });

  it('refutes another algorithm version without re-running', () => {
    const other = { ...published(record()), algorithmVersion: 'tafelbot-loting/9' };
    expect(verifyDrawRecord(other)).toEqual({
      valid: false,
      committed: false,
      problems: [
        {
          nl: "Onbekende algoritmeversie \"tafelbot-loting/9\"; deze controle kent 'tafelbot-loting/2' en 'tafelbot-loting/1'",
          en: "Unknown algorithm version \"tafelbot-loting/9\"; this check knows 'tafelbot-loting/2' and 'tafelbot-loting/1'",
        },
      ],
    });
  });

  it('refutes tampered probabilities and unmet rules', () => {
    const original = published(record());
    const entries = original.probabilities.entries.map((e, i) =>
      i === 0 ? { ...e, probability: e.probability + 0.01 } : e,
    );
    const probabilities = verifyDrawRecord(
      reseal({ ...original, probabilities: { ...original.probabilities, entries } }),
    );
    expect(dutch(probabilities)).toEqual([
      expect.stringMatching(/^Kans van 'r01': vastgelegd r01: [0-9.]+, herberekend [0-9.]+$/),
    ]);
    const noUnmet = verifyDrawRecord(
      reseal({ ...record({ registrations: field().slice(0, 3) }), unmetRules: [] }),
    );
    expect(noUnmet.valid).toBe(false);
    expect(dutch(noUnmet)[0]).toMatch(
      /^Niet-gehaalde regels wijken af: vastgelegd \[\], herberekend \[Perceel 2: /,
    );
  });

  it('refutes a record that carries personal data in its registrations', () => {
    const original = published(record());
    const leaky = reseal({
      ...original,
      registrations: original.registrations.map((r, i) =>
        i === 0 ? { ...r, email: 'jan@zorg.example' } : r,
      ),
    });
    expect(dutch(verifyDrawRecord(leaky))).toContain(
      "Inschrijving 'r01' bevat velden die niet in een lotingsverslag horen: email",
    );
  });

  it('explains what is missing from something that is not a record', () => {
    expect(verifyDrawRecord([1, 2])).toEqual({
      valid: false,
      committed: false,
      problems: [{ nl: 'Het verslag is geen JSON-object', en: 'The record is not a JSON object' }],
    });
    const result = verifyDrawRecord({ algorithmVersion: ALGORITHM_VERSION });
    expect(result.valid).toBe(false);
    expect(dutch(result)).toEqual(
      expect.arrayContaining([
        "Het verslag mist het tekstveld 'seedSource'",
        'Het verdelingskader ontbreekt of is geen object',
        'De inschrijvingen ontbreken of zijn geen lijst',
        'De seed ontbreekt; een loting heeft een vooraf bekende seed nodig',
        "Het verslag mist de uitkomst ('outcome')",
        'Kansen: ontbreken in het verslag',
      ]),
    );
  });
});

describe('verifyDrawRecord over random draws', () => {
  const drawCase = fc.record({
    registrations: registrationsArbitrary(40),
    framework: frameworkArbitrary(),
    seed: seedArbitrary,
  });
  const build = (c: { registrations: Registration[]; framework: DistributionFramework; seed: string }) =>
    published(
      buildDrawRecord({
        ...c,
        seedSource: 'gegenereerd en gepubliceerd',
        createdAt: CREATED_AT,
        title: 'Test',
      }),
    );

  it('accepts every true record', () => {
    fc.assert(
      fc.property(drawCase, (c) => {
        expect(verifyDrawRecord(build(c))).toEqual({ valid: true, committed: false, problems: [] });
      }),
      { numRuns: 150 },
    );
  });

  it('rejects a flipped outcome, even with recomputed hashes', () => {
    fc.assert(
      fc.property(drawCase, fc.nat(), fc.nat(), (c, i, j) => {
        const original = build(c);
        fc.pre(original.outcome.selected.length > 0 && original.outcome.reserve.length > 0);
        const selected = [...original.outcome.selected];
        const reserve = [...original.outcome.reserve];
        const s = i % selected.length;
        const r = j % reserve.length;
        const out = selected[s] as (typeof selected)[number];
        const into = reserve[r] as (typeof reserve)[number];
        selected[s] = { ...out, ...into, rank: out.rank };
        reserve[r] = {
          ...into,
          registrationId: out.registrationId,
          organisationId: out.organisationId,
          organisationName: out.organisationName,
          perceel: out.perceel,
        };
        const tampered = reseal({ ...original, outcome: { ...original.outcome, selected, reserve } });
        expect(verifyDrawRecord(tampered).valid).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('rejects a changed seed; with recomputed hashes exactly when the outcome depends on the seed', () => {
    fc.assert(
      fc.property(drawCase, (c) => {
        const original = build(c);
        const changedSeed = `${c.seed}!`;
        expect(verifyDrawRecord({ ...original, seed: changedSeed }).valid).toBe(false);
        const sameOutcome =
          canonicalJson(drawSelection(c.registrations, c.framework, changedSeed)) ===
          canonicalJson(drawSelection(c.registrations, c.framework, c.seed));
        expect(verifyDrawRecord(reseal({ ...original, seed: changedSeed })).valid).toBe(
          sameOutcome && original.probabilities.method === 'exact',
        );
      }),
      { numRuns: 150 },
    );
  });

  it('rejects an edited registration', () => {
    fc.assert(
      fc.property(drawCase, fc.nat(), (c, i) => {
        const original = build(c);
        fc.pre(original.registrations.length > 0);
        const index = i % original.registrations.length;
        const registrations = original.registrations.map((r, k) =>
          k === index
            ? { ...r, grootte: r.grootte === 'klein' ? ('groot' as const) : ('klein' as const) }
            : r,
        );
        expect(verifyDrawRecord({ ...original, registrations }).valid).toBe(false);
        // With recomputed hashes the probability table still names the old category of the edited registration.
        expect(verifyDrawRecord(reseal({ ...original, registrations })).valid).toBe(false);
      }),
      { numRuns: 150 },
    );
  });
});

describe('verifyDrawRecord on values JSON cannot hold', () => {
  it('refutes instead of throwing', () => {
    const odd = { ...JSON.parse(JSON.stringify(record())), unmetRules: [Number.POSITIVE_INFINITY] };
    const result = verifyDrawRecord(odd);
    expect(result.valid).toBe(false);
    expect(dutch(result)[0]).toMatch(/^Het verslag kan niet worden gecontroleerd: /);
  });
});
