import fc from 'fast-check';
import { decideAgendapunt, proposeAgendapunt } from '../../../src/domain/meetings/agendapunten';
import { escapeIcsText, foldIcsLine, meetingIcs, type IcsOptions } from '../../../src/domain/meetings/ics';
import { cancelMeeting, updateMeeting } from '../../../src/domain/meetings/meeting';
import { gemeenteAdmin, must } from '../voorstellen/fixtures';
import { contactOf, meeting, PLANNED_AT } from './fixtures';

interface Property {
  readonly name: string;
  readonly params: Record<string, string>;
  readonly value: string;
}

/** A small RFC 5545 reader: checks CRLF and line length, unfolds, and splits name;params:value. */
function parseIcs(text: string): Property[] {
  expect(text.endsWith('\r\n')).toBe(true);
  const physical = text.slice(0, -2).split('\r\n');
  for (const line of physical) {
    expect(line).not.toMatch(/[\r\n]/);
    expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  }
  const logical: string[] = [];
  for (const line of physical) {
    if (line.startsWith(' ')) logical[logical.length - 1] += line.slice(1);
    else logical.push(line);
  }
  return logical.map((line) => {
    const colon = line.search(/:(?=(?:[^"]*"[^"]*")*[^"]*$)/);
    const [name, ...params] = line.slice(0, colon).split(';');
    return {
      name: name!,
      params: Object.fromEntries(params.map((p) => p.split('=') as [string, string])),
      value: line.slice(colon + 1),
    };
  });
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

function get(props: Property[], name: string, within = 'VEVENT'): Property {
  const start = props.findIndex((p) => p.name === 'BEGIN' && p.value === within);
  const end = props.findIndex((p, i) => i > start && p.name === 'END' && p.value === within);
  const found = props.slice(start, end).find((p) => p.name === name);
  if (!found) throw new Error(`no ${name} in ${within}`);
  return found;
}

const PUBLISH: IcsOptions = {
  method: 'PUBLISH',
  dtstamp: new Date('2027-01-05T09:00:00.000Z'),
  uidDomain: 'tafelbot.zaltbommel.nl',
};

describe('meetingIcs', () => {
  const m = meeting({
    start: '2027-03-28 12:00',
    end: '2027-03-28 14:00',
    location: 'Stadhuis, Raadzaal; 1e etage',
  });

  it('is a VCALENDAR with a VTIMEZONE for Europe/Amsterdam and local times with TZID', () => {
    const props = parseIcs(meetingIcs(m, PUBLISH));
    expect(props[0]).toEqual({ name: 'BEGIN', params: {}, value: 'VCALENDAR' });
    expect(props.at(-1)).toEqual({ name: 'END', params: {}, value: 'VCALENDAR' });
    expect(get(props, 'VERSION', 'VCALENDAR').value).toBe('2.0');
    expect(get(props, 'METHOD', 'VCALENDAR').value).toBe('PUBLISH');
    expect(get(props, 'TZID', 'VTIMEZONE').value).toBe('Europe/Amsterdam');
    expect(get(props, 'RRULE', 'DAYLIGHT').value).toBe('FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU');
    expect(get(props, 'TZOFFSETTO', 'DAYLIGHT').value).toBe('+0200');
    expect(get(props, 'TZOFFSETTO', 'STANDARD').value).toBe('+0100');
    // 28 March 2027 is the day the clocks go forward: 12:00 local is 10:00 UTC, and the file says 12:00 local.
    expect(m.start).toBe('2027-03-28T10:00:00.000Z');
    expect(get(props, 'DTSTART')).toEqual({
      name: 'DTSTART',
      params: { TZID: 'Europe/Amsterdam' },
      value: '20270328T120000',
    });
    expect(get(props, 'DTEND')).toEqual({
      name: 'DTEND',
      params: { TZID: 'Europe/Amsterdam' },
      value: '20270328T140000',
    });
    expect(get(props, 'DTSTAMP').value).toBe('20270105T090000Z');
    expect(get(props, 'UID').value).toBe('meeting-m-1@tafelbot.zaltbommel.nl');
    expect(get(props, 'SEQUENCE').value).toBe('0');
    expect(get(props, 'STATUS').value).toBe('CONFIRMED');
  });

  it('escapes commas, semicolons, backslashes and newlines in text', () => {
    const props = parseIcs(meetingIcs(m, PUBLISH));
    expect(get(props, 'LOCATION').value).toBe('Stadhuis\\, Raadzaal\\; 1e etage');
    expect(unescapeText(get(props, 'LOCATION').value)).toBe('Stadhuis, Raadzaal; 1e etage');
    expect(unescapeText(get(props, 'DESCRIPTION').value)).toBe(
      'Agenda:\n1. Opening en mededelingen (inbreng: Gemeente)\n2. Verlengen overeenkomst (inbreng: Gemeente)',
    );
    expect(escapeIcsText('a\\b;c,d\r\ne\nf\u0007')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('keeps the UID and raises SEQUENCE when the meeting changes', () => {
    const moved = must(
      updateMeeting(m, { start: '2027-03-28 13:00', end: '2027-03-28 15:00' }, gemeenteAdmin(), PLANNED_AT),
    ).meeting;
    const withProposal = must(
      proposeAgendapunt(
        moved,
        { id: 'ap', organisationId: 'org-a', title: 'Wachtlijsten', explanation: 'Update graag.' },
        contactOf('A'),
        PLANNED_AT,
      ),
    ).meeting;
    const accepted = must(
      decideAgendapunt(
        withProposal,
        { proposalId: 'ap', decision: 'accepteren' },
        gemeenteAdmin(),
        PLANNED_AT,
      ),
    ).meeting;
    const before = parseIcs(meetingIcs(m, PUBLISH));
    const after = parseIcs(meetingIcs(accepted, PUBLISH));
    expect(get(after, 'UID').value).toBe(get(before, 'UID').value);
    expect(get(after, 'SEQUENCE').value).toBe('2');
    expect(get(after, 'DTSTART').value).toBe('20270328T130000');
    expect(unescapeText(get(after, 'DESCRIPTION').value)).toContain('3. Wachtlijsten (inbreng: Zorg A)');
  });

  it('a REQUEST names organizer and attendees; a cancelled meeting goes out as CANCEL', () => {
    const request: IcsOptions = {
      method: 'REQUEST',
      dtstamp: new Date('2027-01-05T09:00:00.000Z'),
      organizer: { name: 'Gemeente Zaltbommel, team Inkoop', email: 'inkoop@zaltbommel.nl' },
      attendees: [{ name: 'Zorg "A"', email: 'A@zorg-a.nl' }],
    };
    const props = parseIcs(meetingIcs(m, request));
    expect(get(props, 'METHOD', 'VCALENDAR').value).toBe('REQUEST');
    expect(get(props, 'ORGANIZER')).toEqual({
      name: 'ORGANIZER',
      params: { CN: '"Gemeente Zaltbommel, team Inkoop"' },
      value: 'mailto:inkoop@zaltbommel.nl',
    });
    expect(get(props, 'ATTENDEE').params.CN).toBe('"Zorg A"');
    expect(get(props, 'ATTENDEE').value).toBe('mailto:a@zorg-a.nl');

    const cancelled = must(cancelMeeting(m, 'Te weinig agendapunten.', gemeenteAdmin(), PLANNED_AT)).meeting;
    const cancel = parseIcs(meetingIcs(cancelled, request));
    expect(get(cancel, 'METHOD', 'VCALENDAR').value).toBe('CANCEL');
    expect(get(cancel, 'STATUS').value).toBe('CANCELLED');
    expect(get(cancel, 'SEQUENCE').value).toBe('1');
    expect(get(parseIcs(meetingIcs(cancelled, PUBLISH)), 'METHOD', 'VCALENDAR').value).toBe('PUBLISH');
    expect(() => meetingIcs(m, { ...request, organizer: { name: 'x', email: 'geen adres' } })).toThrow(
      RangeError,
    );
  });

  it('writes a winter meeting with the same wall-clock time and folds long Dutch text', () => {
    const winter = meeting(
      {
        start: '2027-11-02 09:30',
        end: '2027-11-02 11:00',
        agenda: [
          {
            title:
              'Privacy, AVG en gegevensuitwisseling tussen gemeente, lokale toegang en zorgaanbieders: één werkwijze 🙂',
            owner: 'Gemeente',
          },
        ],
      },
      'm-2',
    );
    const text = meetingIcs(winter, PUBLISH);
    const props = parseIcs(text);
    expect(get(props, 'DTSTART').value).toBe('20271102T093000');
    expect(text).toMatch(/\r\n /);
    expect(unescapeText(get(props, 'DESCRIPTION').value)).toContain('één werkwijze 🙂 (inbreng: Gemeente)');
  });
});

describe('foldIcsLine', () => {
  it('folds at 75 octets without splitting a character, and unfolds to the original (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'é', '€', '🙂', ' ', ';'), maxLength: 400 }),
        (line) => {
          const folded = foldIcsLine(line);
          const physical = folded.split('\r\n');
          physical.forEach((p, i) => {
            expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
            if (i > 0) expect(p.startsWith(' ')).toBe(true);
            // A fold inside a surrogate pair would leave half an emoji on each line.
            expect(p).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
          });
          expect(physical.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
        },
      ),
    );
  });

  it('leaves a 75-octet line alone and folds a 76-octet one', () => {
    expect(foldIcsLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldIcsLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
  });
});
