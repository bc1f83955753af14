import { createHash } from 'node:crypto';
import { runLotteryVerify } from '../../../src/cli/lotteryVerify';
import { STYLE_HASH } from '../../../src/public/layout';
import {
  compositionPage,
  decisionPage,
  decisionsPage,
  drawRecordPage,
  indexPage,
  meetingPage,
  meetingsPage,
  notFoundPage,
  tablePage,
  tablesPage,
  unavailablePage,
  verslagPage,
} from '../../../src/public/pages';
import { HOSTILE_NAME } from '../../support/inschrijvingSamples';
import { buildPublicSamples, publicationDoc, sampleDocs } from '../../support/publicSamples';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const samples = buildPublicSamples();
const docs = sampleDocs(samples);
const NOW = new Date('2027-03-15T10:00:00Z');

/** What every page must be: Dutch, one h1, headings in order, a working skip link, nothing loaded from elsewhere. */
export function pageProblems(html: string): string[] {
  const problems: string[] = [];
  if (!html.startsWith('<!doctype html>')) problems.push('no doctype');
  if (!html.includes('<html lang="nl">')) problems.push('not lang="nl"');
  if (!html.includes('name="viewport" content="width=device-width, initial-scale=1"'))
    problems.push('no viewport');
  if ((html.match(/<h1[ >]/g) ?? []).length !== 1) problems.push('not exactly one h1');
  const levels = [...html.matchAll(/<h([1-6])[ >]/g)].map((m) => Number(m[1]));
  levels.forEach((level, i) => {
    if (i > 0 && level > (levels[i - 1] ?? 1) + 1) problems.push(`heading h${level} after h${levels[i - 1]}`);
  });
  if (!html.includes('href="#inhoud"') || !html.includes('id="inhoud"')) problems.push('no skip link');
  if (/<script|\ssrc=|<img|<iframe|<link rel="stylesheet"|\sstyle=|@import|url\(/i.test(html))
    problems.push('loads or runs something');
  for (const [, href] of html.matchAll(/href="([^"]*)"/g)) {
    if (!/^(\/openbaar|#|https:\/\/gemeente\.example\/)/.test(href ?? '')) problems.push(`link to ${href}`);
  }
  if (Buffer.byteLength(html) >= 30 * 1024) problems.push(`${Buffer.byteLength(html)} bytes`);
  return problems;
}

const pages: Array<[string, string, string]> = [
  ['index', indexPage(Object.values(docs)).value, '/openbaar'],
  ['samenstelling', compositionPage([docs.samenstelling], [docs.loting]).value, '/openbaar/samenstelling'],
  ['loting', drawRecordPage(docs.loting, 12_000).value, '/openbaar/samenstelling'],
  ['vergaderingen', meetingsPage([docs.agenda], [docs.verslag], NOW).value, '/openbaar/vergaderingen'],
  ['vergadering', meetingPage(docs.agenda, true).value, '/openbaar/vergaderingen'],
  ['verslag', verslagPage(docs.verslag, true).value, '/openbaar/vergaderingen'],
  ['besluiten', decisionsPage([docs.besluit]).value, '/openbaar/besluiten'],
  ['besluit', decisionPage(docs.besluit).value, '/openbaar/besluiten'],
  ['ontwikkeltafels', tablesPage([docs.ontwikkeltafel]).value, '/openbaar/ontwikkeltafels'],
  ['ontwikkeltafel', tablePage(docs.ontwikkeltafel).value, '/openbaar/ontwikkeltafels'],
  ['404', notFoundPage().value, ''],
  ['500', unavailablePage().value, ''],
];

describe('every page', () => {
  it.each(pages)('%s is Dutch, structured, self-contained and small', (_name, html, section) => {
    expect(pageProblems(html)).toEqual([]);
    if (section) expect(html).toMatch(new RegExp(`href="${section}"\\s+aria-current="page"`));
    else expect(html).not.toContain('aria-current="page"');
  });

  it.each(pages)('%s shows hostile text as text', (_name, html) => {
    expect(html).not.toContain('<at>');
    expect(html).not.toContain('<script>alert');
  });

  it('has exactly the style sheet the Content-Security-Policy allows', () => {
    const style = /<style>([\s\S]*?)<\/style>/.exec(pages[0]![1])?.[1] ?? '';
    expect(`'sha256-${createHash('sha256').update(style).digest('base64')}'`).toBe(STYLE_HASH);
  });
});

describe('the content', () => {
  it('the overview lists the latest publications and the feeds', () => {
    const html = pages[0]![1];
    expect(html).toContain('Samenstelling Overlegtafel 2027');
    expect(html).toContain('href="/openbaar/besluiten/vs-');
    expect(html).toContain('href="/openbaar/feed.xml"');
    expect(html).toContain('href="/openbaar/volgen"');
    expect(indexPage([]).value).toContain('Er is nog niets gepubliceerd.');
  });

  it('the composition shows every perceel, the changes with their reason and the draw record', () => {
    const html = pages[1]![1];
    for (const p of [1, 2, 3, 4, 5]) expect(html).toContain(`Perceel ${p}:`);
    expect(html).toContain('Teruggetrokken: [klik hier](https://evil.example) **vet** &lt;at&gt;');
    expect(html).toContain('href="/openbaar/loting/ronde-2027"');
    // Without a published draw record there is no link to one.
    expect(compositionPage([docs.samenstelling], []).value).not.toContain('/openbaar/loting/');
  });

  it('the draw record page offers the download and the command to verify it, and the download verifies', async () => {
    const html = pages[2]![1];
    expect(html).toContain(
      'href="/openbaar/loting/ronde-2027.json" download="lotingsverslag-ronde-2027.json"',
    );
    expect(html).toContain('npm run lottery:verify -- lotingsverslag-ronde-2027.json');
    expect(html).toContain(samples.round.record.recordSha256);
    const dir = await mkdtemp(path.join(tmpdir(), 'loting-'));
    const file = path.join(dir, 'lotingsverslag-ronde-2027.json');
    await writeFile(file, JSON.stringify(docs.loting.view.record, null, 2));
    const lines: string[] = [];
    const code = await runLotteryVerify(
      [file],
      { out: (l) => lines.push(l), err: (l) => lines.push(l) },
      { LANG: 'nl_NL.UTF-8' },
    );
    expect(lines[0]).toMatch(/^Bevestigd/);
    expect(code).toBe(0);
  });

  it('meetings are split in coming and earlier ones, with links to agenda and verslag', () => {
    const coming = meetingsPage([docs.agenda], [docs.verslag], NOW).value;
    expect(coming.indexOf('Overlegtafel voorjaar 2027')).toBeLessThan(
      coming.indexOf('Eerdere vergaderingen'),
    );
    const later = meetingsPage([docs.agenda], [docs.verslag], new Date('2027-04-01T00:00:00Z')).value;
    expect(later.indexOf('Overlegtafel voorjaar 2027')).toBeGreaterThan(
      later.indexOf('Eerdere vergaderingen'),
    );
    expect(later).toContain('href="/openbaar/verslagen/m-1"');
    const verslagOnly = meetingsPage([], [docs.verslag], NOW).value;
    expect(verslagOnly).toContain('href="/openbaar/verslagen/m-1"');
    expect(verslagOnly).not.toContain('href="/openbaar/vergaderingen/m-1"');
  });

  it('a meeting page shows the agenda by organisation and a cancellation', () => {
    const html = pages[4]![1];
    expect(html).toContain('Wachtlijsten Jeugd');
    expect(html).toContain('(inbreng: Zorg A)');
    expect(html).toContain('(<a class="begrip" href="/openbaar/begrippen#inbreng">inbreng</a>: gemeente)');
    const cancelled = publicationDoc('agenda', 'm-1', {
      ...docs.agenda.view,
      cancelled: true,
      cancellationReason: 'Te weinig agendapunten.',
    });
    expect(meetingPage(cancelled, false).value).toContain('Geannuleerd');
    expect(meetingPage(cancelled, false).value).not.toContain('/openbaar/verslagen/');
  });

  it('a decision shows its outcome, the stemverhouding per party and the gemeente’s reason', () => {
    const html = pages[7]![1];
    expect(html).toContain('Uitgewerkt: aangenomen door de gemeente');
    expect(html).toContain('2 voor, 1 tegen, 0 onthouding, 1 niet gestemd');
    expect(html).toMatch(/<td>Tegen<\/td>\s*<td>1<\/td>\s*<td>Zorg A<\/td>/);
    expect(html).toContain('Onderbouwing van de gemeente');
  });

  it('a table shows its status with a colour, its trekkers by organisation and its latest report', () => {
    const html = pages[9]![1];
    expect(html).toContain('<span class="label let">Aandacht nodig</span>');
    expect(html).toContain('Zorg Trek');
    expect(html).toContain('Bulkindicatie');
    expect(tablesPage([]).value).toContain('Er zijn nog geen ontwikkeltafels gepubliceerd.');
  });

  it('the 404 page is Dutch and says nothing about what was asked', () => {
    expect(notFoundPage().value).toContain(
      'Deze pagina bestaat niet, of wat hier stond is niet (meer) gepubliceerd.',
    );
  });
});

describe('pages stay under 30 kB with years of publications', () => {
  const long = (n: number) => 'Lange tekst met veel woorden. '.repeat(n);

  it('forty decisions with long summaries', () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      publicationDoc('besluit', `vs-${i}`, {
        ...docs.besluit.view,
        voorstelId: `vs-${i}`,
        summary: long(16),
      }),
    );
    expect(pageProblems(decisionsPage(many).value)).toEqual([]);
    const more = Array.from({ length: 45 }, (_, i) => many[i % 40]!);
    expect(decisionsPage(more).value).toContain('Hier staan de 40 nieuwste van 45 besluiten.');
  });

  it('a draw of a thousand registrations', () => {
    const record = docs.loting.view.record;
    const reserve = Array.from({ length: 1000 }, (_, i) => ({ ...record.outcome.reserve[0]!, rank: i + 1 }));
    const big = {
      ...docs.loting,
      view: { ...docs.loting.view, record: { ...record, outcome: { ...record.outcome, reserve } } },
    };
    const html = drawRecordPage(big, 900_000).value;
    expect(pageProblems(html)).toEqual([]);
    expect(html).toContain('Hier staan de eerste 25 van 1000');
  });

  it('five years of compositions, thirty meetings and twenty tables', () => {
    const years = Array.from({ length: 5 }, (_, i) =>
      publicationDoc('samenstelling', `ronde-${2027 + i}`, { ...docs.samenstelling.view, year: 2027 + i }),
    );
    expect(pageProblems(compositionPage(years, [docs.loting]).value)).toEqual([]);
    const meetings = Array.from({ length: 30 }, (_, i) =>
      publicationDoc('agenda', `m-${i}`, { ...docs.agenda.view, meetingId: `m-${i}` }),
    );
    expect(pageProblems(meetingsPage(meetings, [], NOW).value)).toEqual([]);
    const tables = Array.from({ length: 20 }, (_, i) =>
      publicationDoc('ontwikkeltafel', `ot-${i}`, { ...docs.ontwikkeltafel.view, tafelId: `ot-${i}` }),
    );
    expect(pageProblems(tablesPage(tables).value)).toEqual([]);
  });

  it('a table with the longest texts the reports allow', () => {
    const report = docs.ontwikkeltafel.view.latestReport!;
    const full = publicationDoc('ontwikkeltafel', 'ot-1', {
      ...docs.ontwikkeltafel.view,
      opdracht: long(60),
      doel: long(60),
      latestReport: { ...report, progress: long(100), results: long(100), nextSteps: long(100) },
    });
    expect(Buffer.byteLength(tablePage(full).value)).toBeLessThan(30 * 1024);
  });

  it('hostile names stay escaped in titles too', () => {
    const hostile = publicationDoc('besluit', 'vs-h', { ...docs.besluit.view, title: HOSTILE_NAME });
    expect(decisionPage(hostile).value).toContain(
      '<h1>[klik hier](https://evil.example) **vet** &lt;at&gt;Iedereen&lt;/at&gt;',
    );
  });
});
