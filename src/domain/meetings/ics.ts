import { isEmail } from '../shared/text';
import { amsterdamParts, AMSTERDAM, fromIsoInstant } from '../time/amsterdam';
import type { Meeting } from './meeting';

/**
 * An iCalendar (RFC 5545) invitation for a meeting, that Outlook, Teams and phones open. Times are written as
 * Amsterdam wall-clock time with TZID and an embedded VTIMEZONE, so a calendar shows 14:00 for a 14:00
 * meeting even across the change to or from summer time. The UID depends on the meeting only and SEQUENCE
 * on its changes, so a later update replaces the same calendar entry instead of adding one.
 */

export interface IcsPerson {
  readonly name: string;
  readonly email: string;
}

interface IcsCommon {
  /** When this invitation was produced (DTSTAMP). */
  readonly dtstamp: Date;
  /** Right-hand side of the UID, e.g. the bot's host name. Default 'tafelbot'. */
  readonly uidDomain?: string;
}

/**
 * PUBLISH: an entry to put in a calendar (a download from a card). REQUEST: a scheduling invitation, which
 * RFC 5546 only allows with an organizer and attendees. A cancelled meeting goes out as CANCEL for REQUEST,
 * and as PUBLISH with STATUS:CANCELLED otherwise.
 */
export type IcsOptions = IcsCommon &
  (
    | { readonly method: 'PUBLISH'; readonly organizer?: IcsPerson }
    | { readonly method: 'REQUEST'; readonly organizer: IcsPerson; readonly attendees: readonly IcsPerson[] }
  );

/** The rules of Europe/Amsterdam since 1996 (EU summer time: last Sunday of March to last Sunday of October). */
export const VTIMEZONE: readonly string[] = [
  'BEGIN:VTIMEZONE',
  `TZID:${AMSTERDAM}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/** Drops control characters (which TEXT may not contain), except those listed in `keep`. */
function withoutControlCharacters(text: string, keep: readonly string[]): string {
  let result = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    const control = code < 0x20 || code === 0x7f;
    if (!control || keep.includes(char)) result += char;
  }
  return result;
}

/** TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks. */
export function escapeIcsText(text: string): string {
  return withoutControlCharacters(text, ['\t', '\r', '\n'])
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** A quoted parameter value (e.g. CN): DQUOTE and control characters cannot appear in it at all. */
function quotedParam(text: string): string {
  return `"${withoutControlCharacters(text, []).replace(/"/g, '')}"`;
}

/**
 * Folds a content line so no physical line exceeds 75 octets (RFC 5545 §3.1): continuation lines start with a
 * space. Folding happens between characters, never inside a multi-byte UTF-8 sequence.
 */
export function foldIcsLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

function localStamp(iso: string): string {
  const p = amsterdamParts(fromIsoInstant(iso));
  return `${p.year}${two(p.month)}${two(p.day)}T${two(p.hour)}${two(p.minute)}${two(p.second)}`;
}

function utcStamp(instant: Date): string {
  return instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

function mailto(person: IcsPerson): string {
  const email = person.email.trim().toLowerCase();
  if (!isEmail(email)) throw new RangeError(`Not an e-mail address for the calendar: ${person.email}`);
  return `mailto:${email}`;
}

function description(meeting: Meeting): string {
  const lines: string[] = [];
  if (meeting.status === 'geannuleerd') {
    lines.push(`Dit overleg is geannuleerd. ${meeting.cancellationReason ?? ''}`.trim(), '');
  }
  if (meeting.agenda.length > 0) {
    lines.push('Agenda:');
    meeting.agenda.forEach((item, i) => lines.push(`${i + 1}. ${item.title} (inbreng: ${item.owner})`));
  }
  return lines.join('\n');
}

export function meetingIcs(meeting: Meeting, options: IcsOptions): string {
  const cancelled = meeting.status === 'geannuleerd';
  const method = cancelled && options.method === 'REQUEST' ? 'CANCEL' : options.method;
  const uid = `meeting-${meeting.id}@${options.uidDomain ?? 'tafelbot'}`;
  const event = [
    'BEGIN:VEVENT',
    `UID:${escapeIcsText(uid)}`,
    `DTSTAMP:${utcStamp(options.dtstamp)}`,
    `DTSTART;TZID=${AMSTERDAM}:${localStamp(meeting.start)}`,
    `DTEND;TZID=${AMSTERDAM}:${localStamp(meeting.end)}`,
    `SEQUENCE:${meeting.sequence}`,
    `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    `SUMMARY:${escapeIcsText(meeting.title)}`,
    `LOCATION:${escapeIcsText(meeting.location)}`,
  ];
  const text = description(meeting);
  if (text) event.push(`DESCRIPTION:${escapeIcsText(text)}`);
  if (options.organizer)
    event.push(`ORGANIZER;CN=${quotedParam(options.organizer.name)}:${mailto(options.organizer)}`);
  if (options.method === 'REQUEST') {
    for (const attendee of options.attendees) {
      event.push(
        `ATTENDEE;CN=${quotedParam(attendee.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:${mailto(attendee)}`,
      );
    }
  }
  event.push('TRANSP:OPAQUE', 'END:VEVENT');
  const lines = [
    'BEGIN:VCALENDAR',
    'PRODID:-//Tafelbot//Overlegtafel//NL',
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    `METHOD:${method}`,
    ...VTIMEZONE,
    ...event,
    'END:VCALENDAR',
  ];
  return lines.map(foldIcsLine).join('\r\n') + '\r\n';
}
