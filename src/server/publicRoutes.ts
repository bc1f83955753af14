import { readFile } from 'node:fs/promises';
import nodePath from 'node:path';
import type { Request, Response, Server } from 'restify';
import type { PublicPublisher } from '../config/config';
import type { Logger } from '../observability/logger';
import {
  ARCHIVE_PATH,
  archiveIndexPage,
  archiveYearPage,
  SEARCH_MAX,
  SEARCH_PATH,
  searchPage,
} from '../public/archivePages';
import { agendaIcs, atomFeed, atomFeedPage } from '../public/feeds';
import { instantDate } from '../public/labels';
import { fillSiteSlots } from '../public/layout';
import {
  compositionPage,
  decisionPage,
  decisionsPage,
  drawRecordFileName,
  drawRecordPage,
  indexPage,
  meetingPage,
  meetingsPage,
  notFoundPage,
  tablePage,
  tablesPage,
  unavailablePage,
  verslagPage,
} from '../public/pages';
import { PUBLIC_ID } from '../public/publicViews';
import {
  ABOUT_PATH,
  aboutPage,
  FOLLOW_PATH,
  followPage,
  GLOSSARY_PATH,
  glossaryPage,
  webcalUrl,
} from '../public/sitePages';
import type { PublicCommitment } from '../public/lotteryCommitments';
import {
  ALGORITHM_PATH,
  algorithmPage,
  COMMITMENTS_PATH,
  commitmentsPage,
  VERIFY_PAGE_SCRIPT_SRC,
  VERIFY_PATH,
  VERIFY_SCRIPT_PATH,
  verifyPage,
  verifyUnavailablePage,
} from '../public/lotteryVerifyPage';
import { ACCESSIBILITY_PATH, accessibilityPage, PRIVACY_PATH, privacyPage } from '../public/statements';
import type { PublicationsRepository } from '../storage/publicationsRepository';
import { LOGO_PATH, loadLogo } from './publicLogo';
import { redirect, send, type Reply } from './publicResponses';

export { CACHE_CONTROL, SECURITY_HEADERS } from './publicResponses';

/**
 * The virtuele overlegtafel under /openbaar [002 art. 6.1]: public, read-only, no login. Every page reads the
 * publications container only. No input reaches a page except a path id, which must match PUBLIC_ID before it
 * is looked up, and the search words (`q` on /openbaar/zoeken only), which are only ever written back escaped.
 * Unknown paths and ids get a Dutch 404 page; `/` and paths with a trailing slash redirect.
 */

export interface PublicRoutesOptions {
  readonly publications: PublicationsRepository;
  readonly logger: Logger;
  readonly now: () => Date;
  /** PUBLIC_BASE_URL, for absolute links in the feeds. */
  readonly baseUrl?: string;
  /** The gemeente named in the privacy and accessibility statements; unset parts are said to be unset. */
  readonly publisher?: PublicPublisher;
  /** The commitments of open rounds, public from the moment a round opens (read from the rounds themselves). */
  readonly commitments?: () => Promise<readonly PublicCommitment[]>;
}

/**
 * The verification page's script (scripts/build-browser.cjs): beside the compiled server after `npm run build`, or
 * in dist/ when the server runs from source (tests, tsx).
 */
const LOTTERY_BUNDLE_PATHS = [
  nodePath.join(__dirname, '..', 'public', 'browser', 'lotteryVerify.js'),
  nodePath.join(__dirname, '..', '..', 'dist', 'src', 'public', 'browser', 'lotteryVerify.js'),
];

async function lotteryBundle(): Promise<string | undefined> {
  for (const file of LOTTERY_BUNDLE_PATHS) {
    try {
      return await readFile(file, 'utf8');
    } catch {
      // try the next place
    }
  }
  return undefined;
}

const HTML = 'text/html; charset=utf-8';
const CALENDAR = 'text/calendar; charset=utf-8';

function notFound(): Reply {
  return { status: 404, type: HTML, body: notFoundPage().value };
}

function htmlReply(body: { value: string }, lastModified?: string): Reply {
  return { status: 200, type: HTML, body: body.value, ...(lastModified ? { lastModified } : {}) };
}

/** The id in a path, or undefined when it cannot be a publication id (then the page is a 404). */
function idParam(req: Request): string | undefined {
  const id = (req.params as Record<string, unknown> | undefined)?.id;
  return typeof id === 'string' && PUBLIC_ID.test(id) ? id : undefined;
}

/** "<id>.<extension>" in a path parameter: the id when it is one. */
function idWithExtension(req: Request, extension: string): string | undefined {
  const raw = (req.params as Record<string, unknown> | undefined)?.id;
  const id =
    typeof raw === 'string' && raw.endsWith(`.${extension}`) ? raw.slice(0, -extension.length - 1) : '';
  return PUBLIC_ID.test(id) ? id : undefined;
}

/** One of our own paths with a trailing slash: where it redirects to. Anything else is not redirected. */
const TRAILING_SLASH = /^\/openbaar(\/[A-Za-z0-9_-][A-Za-z0-9._-]{0,120})*\/+$/;

function searchQuery(req: Request): string {
  const url = new URL(req.url ?? '/', 'http://localhost');
  return (url.searchParams.get('q') ?? '').slice(0, SEARCH_MAX);
}

export function registerPublicRoutes(server: Server, options: PublicRoutesOptions): void {
  const { publications, logger } = options;

  const publisher = options.publisher ?? { name: undefined, contactEmail: undefined };
  const logo = publisher.logoFile ? loadLogo(publisher.logoFile) : undefined;
  /** The publisher and region in header and footer; on paper, the page's address and the date. */
  const withSite = (req: Request, reply: Reply): Reply => {
    if (typeof reply.body !== 'string' || !reply.type.startsWith('text/html') || reply.status === 301)
      return reply;
    const found = reply.status === 200;
    return {
      ...reply,
      body: fillSiteSlots(reply.body, {
        region: publisher.region,
        logoAlt: logo ? `Logo van ${publisher.name ?? 'de gemeente'}` : undefined,
        publisherName: publisher.name,
        contactEmail: publisher.contactEmail,
        // Only a page that exists prints its address: a 404 never echoes the path it was asked for.
        address: found ? `${options.baseUrl?.replace(/\/+$/, '') ?? ''}${req.path()}` : undefined,
        date: instantDate(options.now().toISOString()),
      }),
    };
  };

  const route = (path: string, handle: (req: Request) => Promise<Reply>) => {
    const run = async (req: Request, res: Response) => {
      let reply: Reply;
      try {
        reply = withSite(req, await handle(req));
      } catch (error) {
        logger.error('public page failed', { path, error: (error as Error)?.stack ?? String(error) });
        reply = withSite(req, { status: 500, type: HTML, body: unavailablePage().value });
      }
      send(req, res, reply);
    };
    server.get(path, run);
    server.head(path, run);
  };

  route('/', async () => redirect('/openbaar'));
  // Before routing, so /openbaar/besluiten/ is not taken for an empty id.
  server.pre((req: Request, res: Response, next: (error?: false) => void) => {
    const path = req.path?.() ?? '';
    if ((req.method === 'GET' || req.method === 'HEAD') && TRAILING_SLASH.test(path)) {
      send(req, res, redirect(path.replace(/\/+$/, '')));
      return next(false);
    }
    return next();
  });
  route('/openbaar', async () => htmlReply(indexPage(await publications.listSummaries())));

  route('/openbaar/samenstelling', async () => {
    const [compositions, draws] = await Promise.all([
      publications.list('samenstelling'),
      publications.list('loting'),
    ]);
    return htmlReply(compositionPage(compositions, draws));
  });

  route('/openbaar/loting/:id', async (req) => {
    const raw = (req.params as Record<string, unknown> | undefined)?.id;
    const download = typeof raw === 'string' ? /^(.+)\.json$/.exec(raw)?.[1] : undefined;
    const id = download ?? idParam(req);
    if (!id || !PUBLIC_ID.test(id)) return notFound();
    const doc = await publications.get('loting', id);
    if (!doc) return notFound();
    const json = `${JSON.stringify(doc.view.record, null, 2)}\n`;
    if (download) {
      return {
        status: 200,
        type: 'application/json; charset=utf-8',
        body: json,
        filename: drawRecordFileName(id),
        lastModified: doc.updatedAt,
      };
    }
    return htmlReply(drawRecordPage(doc, Buffer.byteLength(json)), doc.updatedAt);
  });

  // The lottery without trust: commitments, the verification page (its script runs the draw in the browser), and
  // the algorithm in plain language and exactly (src/public/lotteryVerifyPage.ts).
  route(COMMITMENTS_PATH, async () => htmlReply(commitmentsPage((await options.commitments?.()) ?? [])));
  route(ALGORITHM_PATH, async () => htmlReply(algorithmPage()));
  route(VERIFY_SCRIPT_PATH, async () => {
    const script = await lotteryBundle();
    if (script === undefined) {
      logger.error('lottery verification bundle missing: run npm run build', {});
      return notFound();
    }
    return { status: 200, type: 'text/javascript; charset=utf-8', body: script };
  });
  const verify = async (id: string | undefined) => {
    const draws = await publications.list('loting');
    const selected = id ? draws.find((d) => d.sourceId === id) : undefined;
    if (id && !selected) return notFound();
    if ((await lotteryBundle()) === undefined) return { ...htmlReply(verifyUnavailablePage()), status: 503 };
    return { ...htmlReply(verifyPage(draws, selected)), cspExtra: VERIFY_PAGE_SCRIPT_SRC };
  };
  route(VERIFY_PATH, async () => verify(undefined));
  route(`${VERIFY_PATH}/:id`, async (req) => {
    const id = idParam(req);
    return id ? verify(id) : notFound();
  });

  route('/openbaar/vergaderingen', async () => {
    const [agendas, verslagen] = await Promise.all([
      publications.list('agenda'),
      publications.list('verslag'),
    ]);
    return htmlReply(meetingsPage(agendas, verslagen, options.now()));
  });

  route('/openbaar/vergaderingen/:id', async (req) => {
    // One meeting for "add to my calendar": the same event (UID, SEQUENCE) as in the subscription.
    const icsId = idWithExtension(req, 'ics');
    if (icsId) {
      const doc = await publications.get('agenda', icsId);
      if (!doc) return notFound();
      return {
        status: 200,
        type: CALENDAR,
        body: agendaIcs([doc], { baseUrl: options.baseUrl, calendarName: doc.view.title }),
        filename: `vergadering-${icsId}.ics`,
        lastModified: doc.updatedAt,
      };
    }
    const id = idParam(req);
    const doc = id ? await publications.get('agenda', id) : undefined;
    if (!id || !doc) return notFound();
    const verslagPublished = (await publications.get('verslag', id)) !== undefined;
    return htmlReply(
      meetingPage(doc, verslagPublished, { webcal: webcalUrl(options.baseUrl, '/openbaar/agenda.ics') }),
      doc.updatedAt,
    );
  });

  route('/openbaar/verslagen/:id', async (req) => {
    const id = idParam(req);
    const doc = id ? await publications.get('verslag', id) : undefined;
    if (!id || !doc) return notFound();
    return htmlReply(verslagPage(doc, (await publications.get('agenda', id)) !== undefined), doc.updatedAt);
  });

  route('/openbaar/besluiten', async () => htmlReply(decisionsPage(await publications.list('besluit'))));

  route('/openbaar/besluiten/:id', async (req) => {
    const id = idParam(req);
    const doc = id ? await publications.get('besluit', id) : undefined;
    return doc ? htmlReply(decisionPage(doc), doc.updatedAt) : notFound();
  });

  route('/openbaar/ontwikkeltafels', async () =>
    htmlReply(tablesPage(await publications.list('ontwikkeltafel'))),
  );

  route('/openbaar/ontwikkeltafels/:id', async (req) => {
    const id = idParam(req);
    const doc = id ? await publications.get('ontwikkeltafel', id) : undefined;
    return doc ? htmlReply(tablePage(doc), doc.updatedAt) : notFound();
  });

  // Fixed text with the configured publisher: no publication is read.
  route(PRIVACY_PATH, async () => htmlReply(privacyPage(publisher)));
  route(ACCESSIBILITY_PATH, async () => htmlReply(accessibilityPage(publisher)));
  route(FOLLOW_PATH, async () => htmlReply(followPage({ baseUrl: options.baseUrl })));
  route(GLOSSARY_PATH, async () => htmlReply(glossaryPage()));
  route(LOGO_PATH, async () => (logo ? { status: 200, type: logo.type, body: logo.bytes } : notFound()));
  route(ABOUT_PATH, async () => htmlReply(aboutPage(publisher, publisher.region)));

  route(ARCHIVE_PATH, async () => htmlReply(archiveIndexPage(await publications.listSummaries())));
  route(`${ARCHIVE_PATH}/:year`, async (req) => {
    const raw = (req.params as Record<string, unknown> | undefined)?.year;
    if (typeof raw !== 'string' || !/^(19|20|21)\d{2}$/.test(raw)) return notFound();
    return htmlReply(archiveYearPage(Number(raw), await publications.listSummaries()));
  });
  route(SEARCH_PATH, async (req) =>
    htmlReply(searchPage(await publications.listSummaries(), searchQuery(req))),
  );

  const feedOptions = { baseUrl: options.baseUrl, publisherName: publisher.name };
  route('/openbaar/agenda.ics', async () => ({
    status: 200,
    type: CALENDAR,
    body: agendaIcs(await publications.list('agenda'), { baseUrl: options.baseUrl }),
  }));

  const ATOM = 'application/atom+xml; charset=utf-8';
  route('/openbaar/feed.xml', async () => ({
    status: 200,
    type: ATOM,
    body: atomFeed(await publications.listSummaries(), feedOptions),
  }));
  // Older pages of the feed (RFC 5005): /openbaar/feed/2.xml and on; page 1 is /openbaar/feed.xml.
  route('/openbaar/feed/:page', async (req) => {
    const raw = (req.params as Record<string, unknown> | undefined)?.page;
    const n = typeof raw === 'string' ? /^([2-9]|[1-9]\d{1,4})\.xml$/.exec(raw)?.[1] : undefined;
    const body = n ? atomFeedPage(await publications.listSummaries(), Number(n), feedOptions) : undefined;
    return body ? { status: 200, type: ATOM, body } : notFound();
  });

  route('/openbaar/*', async () => notFound());
  // Paths the router cannot match at all (e.g. an id longer than its parameter limit) get the same page.
  server.on('NotFound', (req: Request, res: Response, _error: unknown, callback: () => void) => {
    if ((req.path?.() ?? '').startsWith('/openbaar')) send(req, res, withSite(req, notFound()));
    callback();
  });
}
