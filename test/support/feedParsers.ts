import { XMLParser } from 'fast-xml-parser';

/**
 * Readers for the public feeds that share no code with src/: the Atom feed through fast-xml-parser, and the
 * iCalendar feed through a strict RFC 5545 reader written from the RFC (line folding, CRLF, properties with
 * parameters, nested components, the required VCALENDAR properties and "at least one component"). ical.js
 * is not installed; this reader refuses what ical.js would refuse for these feeds.
 */

export interface IcsProperty {
  readonly name: string;
  readonly params: Readonly<Record<string, string>>;
  readonly value: string;
}

export interface IcsComponent {
  readonly name: string;
  readonly properties: IcsProperty[];
  readonly components: IcsComponent[];
}

const NAME = /^[A-Za-z0-9-]+$/;

function parseLine(line: string, number: number): IcsProperty {
  // name *(";" param) ":" value; a param value may be quoted and contain ':' or ';'.
  let i = 0;
  const readName = () => {
    const start = i;
    while (i < line.length && /[A-Za-z0-9-]/.test(line[i]!)) i++;
    const name = line.slice(start, i);
    if (!NAME.test(name)) throw new Error(`line ${number}: no property name in "${line}"`);
    return name;
  };
  const name = readName().toUpperCase();
  const params: Record<string, string> = {};
  while (line[i] === ';') {
    i++;
    const param = readName().toUpperCase();
    if (line[i] !== '=') throw new Error(`line ${number}: parameter ${param} without "="`);
    i++;
    let value = '';
    if (line[i] === '"') {
      const end = line.indexOf('"', i + 1);
      if (end < 0) throw new Error(`line ${number}: unterminated quoted parameter`);
      value = line.slice(i + 1, end);
      i = end + 1;
    } else {
      const start = i;
      while (i < line.length && line[i] !== ';' && line[i] !== ':') i++;
      value = line.slice(start, i);
    }
    params[param] = value;
  }
  if (line[i] !== ':') throw new Error(`line ${number}: property ${name} without ":"`);
  return { name, params, value: line.slice(i + 1) };
}

/** Parses a whole iCalendar object and checks the structure RFC 5545 section 3.4 and 3.6 require. */
export function parseICalendar(text: string): IcsComponent {
  if (!text.endsWith('\r\n')) throw new Error('an iCalendar object ends with CRLF');
  if (/[^\r]\n/.test(text)) throw new Error('every line ends with CRLF');
  const unfolded = text.replace(/\r\n[ \t]/g, '');
  const lines = unfolded.split('\r\n').slice(0, -1);
  for (const raw of text.split('\r\n')) {
    if (Buffer.byteLength(raw) > 75) throw new Error(`line longer than 75 octets: ${raw.slice(0, 40)}…`);
  }
  const stack: IcsComponent[] = [];
  let root: IcsComponent | undefined;
  lines.forEach((line, index) => {
    const property = parseLine(line, index + 1);
    if (property.name === 'BEGIN') {
      const component: IcsComponent = { name: property.value.toUpperCase(), properties: [], components: [] };
      if (stack.length === 0) {
        if (root) throw new Error('more than one object');
        root = component;
      } else stack.at(-1)!.components.push(component);
      stack.push(component);
    } else if (property.name === 'END') {
      const open = stack.pop();
      if (!open || open.name !== property.value.toUpperCase())
        throw new Error(
          `line ${index + 1}: END:${property.value} does not close ${open?.name ?? 'anything'}`,
        );
    } else {
      const open = stack.at(-1);
      if (!open) throw new Error(`line ${index + 1}: property outside a component`);
      open.properties.push(property);
    }
  });
  if (stack.length > 0) throw new Error(`${stack.at(-1)!.name} is not closed`);
  if (!root || root.name !== 'VCALENDAR') throw new Error('not a VCALENDAR');
  for (const required of ['PRODID', 'VERSION'])
    if (root.properties.filter((p) => p.name === required).length !== 1)
      throw new Error(`VCALENDAR needs exactly one ${required}`);
  if (root.components.length === 0) throw new Error('VCALENDAR needs at least one component (RFC 5545 3.6)');
  for (const event of root.components.filter((c) => c.name === 'VEVENT')) {
    for (const required of ['UID', 'DTSTAMP'])
      if (!event.properties.some((p) => p.name === required)) throw new Error(`VEVENT without ${required}`);
  }
  for (const zone of root.components.filter((c) => c.name === 'VTIMEZONE')) {
    if (!zone.properties.some((p) => p.name === 'TZID')) throw new Error('VTIMEZONE without TZID');
    if (!zone.components.some((c) => c.name === 'STANDARD' || c.name === 'DAYLIGHT'))
      throw new Error('VTIMEZONE needs a STANDARD or DAYLIGHT component');
  }
  return root;
}

export function icsValue(component: IcsComponent, name: string): string | undefined {
  return component.properties.find((p) => p.name === name)?.value;
}

export function icsProperty(component: IcsComponent, name: string): IcsProperty | undefined {
  return component.properties.find((p) => p.name === name);
}

export function icsEvents(calendar: IcsComponent): IcsComponent[] {
  return calendar.components.filter((c) => c.name === 'VEVENT');
}

export interface AtomEntry {
  readonly id: string;
  readonly title: string;
  readonly updated: string;
  readonly summary: string;
  readonly links: ReadonlyArray<{ rel: string; href: string }>;
}

export interface AtomFeed {
  readonly title: string;
  readonly links: ReadonlyArray<{ rel: string; href: string }>;
  readonly entries: AtomEntry[];
}

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

function linksOf(node: Record<string, unknown>): Array<{ rel: string; href: string }> {
  return asArray(node.link as Record<string, string> | Record<string, string>[] | undefined).map((l) => ({
    rel: l['@_rel'] ?? 'alternate',
    href: l['@_href'] ?? '',
  }));
}

/** Parses an Atom feed with fast-xml-parser (which also refuses XML that is not well formed). */
export function parseAtom(text: string): AtomFeed {
  const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: true });
  const doc = parser.parse(text, true) as { feed?: Record<string, unknown> };
  const feed = doc.feed;
  if (!feed || feed['@_xmlns'] !== 'http://www.w3.org/2005/Atom') throw new Error('not an Atom feed');
  const text_ = (v: unknown) =>
    typeof v === 'object' && v ? String((v as Record<string, unknown>)['#text'] ?? '') : String(v ?? '');
  return {
    title: text_(feed.title),
    links: linksOf(feed),
    entries: asArray(feed.entry as Record<string, unknown> | Record<string, unknown>[] | undefined).map(
      (e) => ({
        id: text_(e.id),
        title: text_(e.title),
        updated: text_(e.updated),
        summary: text_(e.summary),
        links: linksOf(e),
      }),
    ),
  };
}
