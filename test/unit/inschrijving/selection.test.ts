import {
  activeRegistrations,
  applyDraw,
  applyPublication,
  changeComposition,
  drawRegistrations,
  overlegtafelMembers,
  publicationPlan,
  registrationCounts,
  type Round,
} from '../../../src/domain/inschrijving';
import { buildDrawRecord, validateRegistrations, verifyDrawRecord } from '../../../src/domain/lottery';
import { AFTER_DEADLINE, buildSampleRound, HOSTILE_NAME } from '../../support/inschrijvingSamples';

const sample = buildSampleRound();
const later = new Date('2027-01-20T10:00:00Z');

describe('from registrations to the draw', () => {
  it('passes only active registrations, without contact details or motivation, with continuity from last year', () => {
    const withdrawn = { ...sample.registrations[0]!, status: 'ingetrokken' as const };
    const drawn = drawRegistrations(
      [withdrawn, ...sample.registrations.slice(1)],
      new Set(['org-aanbieder-2']),
    );
    expect(drawn).toHaveLength(sample.registrations.length - 1);
    expect(drawn.find((r) => r.organisationId === 'org-aanbieder-2')?.previouslySeated).toBe(true);
    expect(drawn.filter((r) => r.previouslySeated)).toHaveLength(1);
    expect(JSON.stringify(drawn)).not.toMatch(/contact@|motivatie|bijdragen/);
    expect(validateRegistrations(drawn)).toEqual([]);
  });

  it('refuses two registrations of one organisation at the draw as well', () => {
    const twice = drawRegistrations([sample.registrations[0]!, sample.registrations[0]!], new Set());
    expect(validateRegistrations(twice).map((p) => p.code)).toContain('organisatie-dubbel-ingeschreven');
  });

  it('produces a record that survives storage as JSON and verifies', () => {
    const copy: unknown = JSON.parse(JSON.stringify(sample.record));
    expect(verifyDrawRecord(copy)).toEqual({ valid: true, committed: false, problems: [] });
    expect(sample.record.registrations.map((r) => r.organisationName)).toContain(HOSTILE_NAME);
  });

  it('sets status, draw summary and composition version 1 in draw order; a second draw is refused', () => {
    const { drawn, record } = sample;
    expect(drawn.status).toBe('geloot');
    expect(drawn.draw).toMatchObject({
      seed: '912,37',
      recordSha256: record.recordSha256,
      seatsFilled: record.outcome.seatsFilled,
    });
    expect(drawn.composition?.version).toBe(1);
    expect(drawn.composition?.members.map((m) => m.organisationId)).toEqual(
      record.outcome.selected.map((s) => s.organisationId),
    );
    const again = applyDraw(drawn, record, 'person-admin', later);
    expect(again.ok || again.code).toBe('loting.al-uitgevoerd');
  });

  it('names every unmet rule when too few registered, instead of failing', () => {
    const record = buildDrawRecord({
      registrations: drawRegistrations(sample.registrations.slice(0, 2), new Set()),
      framework: sample.open.framework,
      seed: 'weinig',
      seedSource: 'test',
      createdAt: AFTER_DEADLINE,
    });
    const round = applyDraw(sample.open, record, 'person-admin', AFTER_DEADLINE);
    expect(round.ok && round.value.composition?.members).toHaveLength(2);
    expect(record.unmetRules.length).toBeGreaterThan(3);
    expect(record.unmetRules.some((u) => u.perceel === 5 && u.code === 'geen-inschrijvingen')).toBe(true);
  });
});

describe('the gemeente changes the composition', () => {
  const { drawn, registrations } = sample;
  const members = drawn.composition!.members;
  const outsider = registrations.find((r) => !members.some((m) => m.organisationId === r.organisationId))!;

  it('replaces a member with a registrant, records the reason and increments the version', () => {
    const result = changeComposition(
      drawn,
      registrations,
      {
        remove: members[0]!.organisationId,
        add: outsider.organisationId,
        reason: 'Trekt zich terug wegens fusie',
      },
      'person-admin',
      later,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const composition = result.value.composition!;
    expect(composition.version).toBe(2);
    expect(composition.members.map((m) => m.organisationId)).not.toContain(members[0]!.organisationId);
    expect(composition.members.find((m) => m.organisationId === outsider.organisationId)?.via).toBe(
      'wijziging',
    );
    expect(composition.changes).toEqual([
      {
        version: 2,
        at: later.toISOString(),
        byPersonId: 'person-admin',
        removed: {
          organisationId: members[0]!.organisationId,
          organisationName: members[0]!.organisationName,
        },
        added: {
          organisationId: outsider.organisationId,
          organisationName: outsider.organisationName,
          perceel: outsider.perceel,
        },
        reason: 'Trekt zich terug wegens fusie',
      },
    ]);
  });

  it('refuses a change without a reason, an unknown member, a non-registrant, a double seat and more than the seats', () => {
    const change = (remove: string, add: string, reason = 'Een goede reden') =>
      changeComposition(drawn, registrations, { remove, add, reason }, 'person-admin', later);
    const fields = (result: ReturnType<typeof change>) =>
      Object.keys((!result.ok && result.fieldErrors) || {}).sort();
    expect(fields(change(members[0]!.organisationId, '', ''))).toEqual(['reason']);
    expect(fields(change('', ''))).toEqual(['remove']);
    expect(fields(change('org-onbekend', ''))).toEqual(['remove']);
    expect(fields(change('', 'org-niet-ingeschreven'))).toEqual(['add']);
    expect(fields(change('', members[1]!.organisationId))).toEqual(['add']);
    const full = change('', outsider.organisationId);
    expect(full.ok || full.fieldErrors?.add).toContain('zetels');
    const open = changeComposition(
      sample.open,
      registrations,
      { remove: '', add: outsider.organisationId, reason: 'Reden genoeg' },
      'p',
      later,
    );
    expect(open.ok || open.code).toBe('samenstelling.geen-loting');
  });

  it('does not seat a withdrawn registration', () => {
    const withdrawn = registrations.map((r) =>
      r.organisationId === outsider.organisationId ? { ...r, status: 'ingetrokken' as const } : r,
    );
    const result = changeComposition(
      drawn,
      withdrawn,
      { remove: members[0]!.organisationId, add: outsider.organisationId, reason: 'Reden genoeg' },
      'p',
      later,
    );
    expect(result.ok || result.fieldErrors?.add).toContain('ingeschreven organisatie');
  });
});

describe('publication and the members of the Overlegtafel', () => {
  const { drawn, changed, registrations } = sample;

  it('tells everyone the first time: selected the members, not selected the other active registrants', () => {
    const plan = publicationPlan(drawn, registrations);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    const members = drawn.composition!.members.map((m) => m.organisationId);
    expect(plan.value.firstPublication).toBe(true);
    expect(plan.value.selectedIds).toEqual(members);
    expect([...plan.value.selectedIds, ...plan.value.notSelectedIds].sort()).toEqual(
      activeRegistrations(registrations)
        .map((r) => r.organisationId)
        .sort(),
    );
  });

  it('after a change tells only the organisations whose seat changed; publishing twice is refused', () => {
    const first = publicationPlan(drawn, registrations);
    if (!first.ok) throw new Error('setup');
    const published = applyPublication(
      changed,
      first.value,
      ['ronde-2027-samenstelling-v1'],
      'person-admin',
      later,
    );
    expect(published.status).toBe('gepubliceerd');
    const second = publicationPlan(published, registrations);
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    const change = changed.composition!.changes[0]!;
    expect(second.value).toMatchObject({
      version: 2,
      firstPublication: false,
      selectedIds: [change.added!.organisationId],
      notSelectedIds: [change.removed!.organisationId],
    });
    const done = applyPublication(published, second.value, ['x'], 'person-admin', later);
    const third = publicationPlan(done, registrations);
    expect(third.ok || third.code).toBe('publicatie.al-gepubliceerd');
    expect(applyPublication(done, second.value, ['y'], 'p', later)).toBe(done);
    expect(publicationPlan(sample.open, registrations).ok).toBe(false);
  });

  it('counts as members only once published, then the current composition', () => {
    expect(overlegtafelMembers(undefined)).toEqual([]);
    expect(overlegtafelMembers(sample.open)).toEqual([]);
    expect(overlegtafelMembers(drawn)).toEqual([]);
    expect(overlegtafelMembers(sample.published).map((m) => m.organisationId)).toEqual(
      drawn.composition!.members.map((m) => m.organisationId),
    );
    const changedAfterPublication: Round = {
      ...changed,
      status: 'gepubliceerd',
      publications: sample.published.publications,
    };
    expect(overlegtafelMembers(changedAfterPublication)).toEqual(changed.composition!.members);
  });

  it('counts active registrations per perceel × grootte × herkomst', () => {
    const counts = registrationCounts([
      ...registrations,
      { ...registrations[1]!, id: 'x', organisationId: 'x', status: 'ingetrokken' },
    ]);
    expect(counts.map((c) => c.total)).toEqual([3, 2, 3, 2, 2]);
    const perceel1 = counts[0]!;
    expect(perceel1.cells).toEqual({
      'klein-lokaal': 1,
      'klein-regionaal': 0,
      'middel-lokaal': 0,
      'middel-regionaal': 1,
      'groot-lokaal': 0,
      'groot-regionaal': 1,
    });
    expect(perceel1.grootte).toEqual({ klein: 1, middel: 1, groot: 1 });
    expect(perceel1.herkomst).toEqual({ lokaal: 1, regionaal: 2 });
  });
});
