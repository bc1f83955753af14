import { icsValue, parseICalendar } from '../../support/feedParsers';
import { agendaIcs, atomFeed, FEED_ENTRIES, stableUuid } from '../../../src/public/feeds';
import type { PublicationSummary } from '../../../src/storage/publicationsRepository';
import { HOSTILE_NAME } from '../../support/inschrijvingSamples';
import { publicationDoc, sampleDocs } from '../../support/publicSamples';

const docs = sampleDocs();
const summaries: PublicationSummary[] = Object.values(docs).map(({ view: _view, ...summary }) => summary);

/** Tags balanced, no bare '<' or '&' in text: enough to know a feed reader can parse it. */
function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^>]*\?>\n/, '');
  let rest = body;
  while (rest.length > 0) {
    const open = rest.indexOf('<');
    const text = open === -1 ? rest : rest.slice(0, open);
    if (/&(?!(amp|lt|gt|quot|#39|#96);)/.test(text)) problems.push(`bare & in ${text.slice(0, 40)}`);
    if (text.includes('>')) problems.push(`bare > in ${text.slice(0, 40)}`);
    if (open === -1) break;
    const close = rest.indexOf('>', open);
    const tag = rest.slice(open + 1, close);
    if (/[<]/.test(tag)) problems.push(`< inside tag ${tag.slice(0, 40)}`);
    if (tag.startsWith('/')) {
      if (stack.pop() !== tag.slice(1)) problems.push(`unbalanced </${tag.slice(1)}>`);
    } else if (!tag.endsWith('/')) stack.push(/^[\w:]+/.exec(tag)?.[0] ?? '');
    rest = rest.slice(close + 1);
  }
  if (stack.length > 0) problems.push(`unclosed ${stack.join(', ')}`);
  return problems;
}

describe('the Atom feed', () => {
  it('lists every publication with a stable id, a link to its page and its summary', () => {
    const xml = atomFeed(summaries);
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="nl">',
      ),
    ).toBe(true);
    expect(xmlProblems(xml)).toEqual([]);
    expect(xml.match(/<entry>/g)).toHaveLength(6);
    expect(xml).toContain(`<id>${stableUuid('tafelbot:publicatie:besluit:' + docs.besluit.sourceId)}</id>`);
    expect(xml).toContain(
      `<link rel="alternate" type="text/html" href="/openbaar/besluiten/${docs.besluit.sourceId}"/>`,
    );
    expect(xml).toContain('<category term="loting" label="Lotingsverslag"/>');
    expect(xml).toContain('<updated>2027-03-15T10:00:00.000Z</updated>');
  });

  it('uses PUBLIC_BASE_URL for absolute links', () => {
    const xml = atomFeed(summaries, { baseUrl: 'https://tafelbot.example.org/' });
    expect(xml).toContain(
      '<link rel="self" type="application/atom+xml" href="https://tafelbot.example.org/openbaar/feed.xml"/>',
    );
    expect(xml).toContain(
      'href="https://tafelbot.example.org/openbaar/samenstelling#samenstelling-ronde-2027"',
    );
  });

  it('escapes hostile titles and drops characters XML cannot carry', () => {
    const hostile = { ...summaries[0]!, title: `${HOSTILE_NAME} ]]> \u0001\u0008 & <x>`, summary: '"\'`' };
    const xml = atomFeed([hostile]);
    expect(xmlProblems(xml)).toEqual([]);
    expect(xml).toContain('&lt;at&gt;Iedereen&lt;/at&gt;');
    expect(xml).not.toContain('\u0001');
    expect(xml).not.toContain('\u0008');
  });

  it(`keeps the newest ${FEED_ENTRIES} entries, and is valid when empty`, () => {
    const many = Array.from({ length: 60 }, (_, i) => ({
      ...summaries[0]!,
      id: `besluit:vs-${i}`,
      updatedAt: `2027-01-${String((i % 28) + 1).padStart(2, '0')}T10:00:00.000Z`,
    }));
    const xml = atomFeed(many);
    expect(xml.match(/<entry>/g)).toHaveLength(FEED_ENTRIES);
    expect(xml).toContain('<updated>2027-01-28T10:00:00.000Z</updated>');
    expect(xmlProblems(atomFeed([]))).toEqual([]);
  });

  it('gives each item a UUID that does not change', () => {
    expect(stableUuid('x')).toBe(stableUuid('x'));
    expect(stableUuid('x')).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(stableUuid('x')).not.toBe(stableUuid('y'));
  });
});

describe('the iCalendar feed', () => {
  const cancelled = publicationDoc('agenda', 'm-9', {
    ...docs.agenda.view,
    meetingId: 'm-9',
    title: 'Najaar; met, tekens\\',
    start: '2027-11-02T13:00:00.000Z',
    end: '2027-11-02T15:00:00.000Z',
    cancelled: true,
    cancellationReason: 'Uitgesteld.',
    sequence: 3,
  });

  it('has every published meeting once, in Amsterdam time, with the invitation’s UID and sequence', () => {
    const ics = agendaIcs([docs.agenda, cancelled]);
    const lines = ics.split('\r\n');
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toContain('\n');
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(lines.filter((l) => l === 'BEGIN:VTIMEZONE')).toHaveLength(1);
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(lines).toContain('UID:meeting-m-1@tafelbot');
    expect(lines).toContain('DTSTART;TZID=Europe/Amsterdam:20270330T140000');
    // 2 November 2027 is after the change to winter time (31 October): 13:00 UTC is 14:00 in Amsterdam.
    expect(lines).toContain('DTSTART;TZID=Europe/Amsterdam:20271102T140000');
    expect(lines).toContain('SEQUENCE:3');
    expect(lines).toContain('STATUS:CANCELLED');
    expect(lines).toContain('SUMMARY:Najaar\\; met\\, tekens\\\\');
    expect(lines).toContain('METHOD:PUBLISH');
  });

  it('never names a person: who brings an item in is an organisation or the gemeente', () => {
    const unfolded = agendaIcs([docs.agenda]).replace(/\r\n /g, '');
    expect(unfolded).toContain('(inbreng: Zorg A)');
    expect(unfolded).not.toContain('Jan Jansen');
    expect(unfolded).not.toContain('jan.jansen@');
  });

  it('links each event to its page when PUBLIC_BASE_URL is set, and is valid when empty', () => {
    expect(agendaIcs([docs.agenda], { baseUrl: 'https://tafelbot.example.org' })).toContain(
      'URL:https://tafelbot.example.org/openbaar/vergaderingen/m-1\r\nEND:VEVENT',
    );
    // RFC 5545 section 3.6: at least one component, also without meetings; and how often to refresh.
    const empty = parseICalendar(agendaIcs([]));
    expect(empty.components.map((c) => c.name)).toEqual(['VTIMEZONE']);
    expect(icsValue(empty, 'REFRESH-INTERVAL')).toBe('PT1H');
    expect(icsValue(empty, 'X-PUBLISHED-TTL')).toBe('PT1H');
    expect(icsValue(empty, 'X-WR-CALNAME')).toBe('Virtuele overlegtafel: vergaderingen');
  });
});
