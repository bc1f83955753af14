import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import type { PublicPublisher } from '../config/config';
import type { Logger } from '../observability/logger';
import { agendaIcs, atomFeed } from '../public/feeds';
import { STYLE_HASH } from '../public/layout';
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

/**
 * The virtuele overlegtafel under /openbaar [002 art. 6.1]: public, read-only, no login. Every page reads the
 * publications container only. The query string is never read, so no input reaches a page except a path id,
 * which must match PUBLIC_ID before it is looked up. Unknown paths and ids get a Dutch 404 page.
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
  path.join(__dirname, '..', 'public', 'browser', 'lotteryVerify.js'),
  path.join(__dirname, '..', '..', 'dist', 'src', 'public', 'browser', 'lotteryVerify.js'),
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

interface Reply {
  readonly status: number;
  readonly type: string;
  readonly body: string;
  /** Offered as a download with this file name. */
  readonly filename?: string;
  /** Extra CSP directives for this reply only (the verification page runs its same-origin script). */
  readonly cspExtra?: string;
}

const HTML = 'text/html; charset=utf-8';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': `default-src 'none'; style-src ${STYLE_HASH}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-site',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
  'Strict-Transport-Security': 'max-age=31536000',
};

/** Short enough that a withdrawal disappears within a minute; the ETag makes revalidation cheap. */
export const CACHE_CONTROL = 'public, max-age=60, must-revalidate';

function notFound(): Reply {
  return { status: 404, type: HTML, body: notFoundPage().value };
}

function htmlReply(body: { value: string }): Reply {
  return { status: 200, type: HTML, body: body.value };
}

function send(req: Request, res: Response, reply: Reply): void {
  const body = Buffer.from(reply.body, 'utf8');
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    ...(reply.cspExtra
      ? { 'Content-Security-Policy': `${SECURITY_HEADERS['Content-Security-Policy']}; ${reply.cspExtra}` }
      : {}),
    'Content-Type': reply.type,
    'Content-Length': String(body.length),
  };
  if (reply.status === 200) {
    headers['Cache-Control'] = CACHE_CONTROL;
    headers.ETag = etag;
  } else {
    headers['Cache-Control'] = 'no-store';
  }
  if (reply.filename) headers['Content-Disposition'] = `attachment; filename="${reply.filename}"`;
  const unchanged =
    reply.status === 200 &&
    (req.headers['if-none-match'] ?? '')
      .split(',')
      .map((t) => t.trim().replace(/^W\//, ''))
      .includes(etag);
  // sendRaw: no formatter, and restify knows the response was sent. HEAD gets the headers without a body.
  if (unchanged) res.sendRaw(304, '', headers);
  else res.sendRaw(reply.status, body, headers);
}

/** The id in a path, or undefined when it cannot be a publication id (then the page is a 404). */
function idParam(req: Request): string | undefined {
  const id = (req.params as Record<string, unknown> | undefined)?.id;
  return typeof id === 'string' && PUBLIC_ID.test(id) ? id : undefined;
}

export function registerPublicRoutes(server: Server, options: PublicRoutesOptions): void {
  const { publications, logger } = options;

  const route = (path: string, handle: (req: Request) => Promise<Reply>) => {
    const run = async (req: Request, res: Response) => {
      let reply: Reply;
      try {
        reply = await handle(req);
      } catch (error) {
        logger.error('public page failed', { path, error: (error as Error)?.stack ?? String(error) });
        reply = { status: 500, type: HTML, body: unavailablePage().value };
      }
      send(req, res, reply);
    };
    server.get(path, run);
    server.head(path, run);
  };

  const index = async () => htmlReply(indexPage(await publications.listSummaries()));
  route('/openbaar', index);
  route('/openbaar/', index);

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
      };
    }
    return htmlReply(drawRecordPage(doc, Buffer.byteLength(json)));
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
    const id = idParam(req);
    const doc = id ? await publications.get('agenda', id) : undefined;
    if (!id || !doc) return notFound();
    return htmlReply(meetingPage(doc, (await publications.get('verslag', id)) !== undefined));
  });

  route('/openbaar/verslagen/:id', async (req) => {
    const id = idParam(req);
    const doc = id ? await publications.get('verslag', id) : undefined;
    if (!id || !doc) return notFound();
    return htmlReply(verslagPage(doc, (await publications.get('agenda', id)) !== undefined));
  });

  route('/openbaar/besluiten', async () => htmlReply(decisionsPage(await publications.list('besluit'))));

  route('/openbaar/besluiten/:id', async (req) => {
    const id = idParam(req);
    const doc = id ? await publications.get('besluit', id) : undefined;
    return doc ? htmlReply(decisionPage(doc)) : notFound();
  });

  route('/openbaar/ontwikkeltafels', async () =>
    htmlReply(tablesPage(await publications.list('ontwikkeltafel'))),
  );

  route('/openbaar/ontwikkeltafels/:id', async (req) => {
    const id = idParam(req);
    const doc = id ? await publications.get('ontwikkeltafel', id) : undefined;
    return doc ? htmlReply(tablePage(doc)) : notFound();
  });

  // Fixed text with the configured publisher: no publication is read.
  const publisher = options.publisher ?? { name: undefined, contactEmail: undefined };
  route(PRIVACY_PATH, async () => htmlReply(privacyPage(publisher)));
  route(ACCESSIBILITY_PATH, async () => htmlReply(accessibilityPage(publisher)));

  route('/openbaar/agenda.ics', async () => ({
    status: 200,
    type: 'text/calendar; charset=utf-8',
    body: agendaIcs(await publications.list('agenda'), { baseUrl: options.baseUrl }),
  }));

  route('/openbaar/feed.xml', async () => ({
    status: 200,
    type: 'application/atom+xml; charset=utf-8',
    body: atomFeed(await publications.listSummaries(), { baseUrl: options.baseUrl }),
  }));

  route('/openbaar/*', async () => notFound());
  // Paths the router cannot match at all (e.g. an id longer than its parameter limit) get the same page.
  server.on('NotFound', (req: Request, res: Response, _error: unknown, callback: () => void) => {
    if ((req.path?.() ?? '').startsWith('/openbaar')) send(req, res, notFound());
    callback();
  });
}
