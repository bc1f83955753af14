import { type RenderInput, type Locale } from '../../src/cards/renderCard';
import { auditTrailView } from '../../src/cards/views/auditViews';
import type { AuditEntry } from '../../src/storage/auditLog';

/** Samples of the gemeente's audit trail card: empty, the latest entries and one stream (hostile details). */

const HOSTILE = '[klik hier](https://evil.example) **vet** <at>Iedereen</at> _x_ `code` ${strings.title}';

const entry = (
  action: string,
  stream: string,
  details: Record<string, unknown>,
  actor: string | null,
): AuditEntry => ({
  id: `a-${action}`,
  stream,
  at: '2027-03-10T09:00:00.000Z',
  actorPersonId: actor,
  action,
  subjectId: stream.replace(/^voorstel-/, ''),
  details,
});

const entries: AuditEntry[] = [
  entry('stem.uitgebracht', 'voorstel-vs-1a2b', { partyId: 'org-alfa', choice: 'voor' }, 'person-1'),
  entry('voorstel.besluit', 'voorstel-vs-1a2b', { decision: 'afwijzen', reason: HOSTILE }, 'person-2'),
  entry('stemming.gesloten', 'voorstel-vs-1a2b', { result: { voor: 1, tegen: 2 } }, null),
  entry('loting.uitgevoerd', 'ronde-2027', { recordSha256: 'ab'.repeat(32) }, 'person-2'),
  entry('iets.onbekends', 'registry', { note: 'x'.repeat(400) }, 'person-gone'),
];

export function auditCardSamples(locale: Locale = 'nl'): Record<string, RenderInput[]> {
  const names = new Map([
    ['person-1', 'Anna Alfa'],
    ['person-2', HOSTILE],
  ]);
  return {
    auditTrail: [
      auditTrailView([], { stream: '', names, locale }),
      auditTrailView(entries, { stream: '', names, locale }),
      auditTrailView(entries.slice(0, 3), { stream: 'voorstel-vs-1a2b', names, locale }),
    ],
  };
}
