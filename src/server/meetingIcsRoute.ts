import type { Server } from 'restify';
import type { BotServices } from '../bot/turn';
import { meetingsServiceFor, registerLocalPort } from '../meetings/meetingsService';

/**
 * GET /api/agenda/<meetingId>.ics?token=<token>: the calendar file behind the link on the agenda card. The token
 * is a per-meeting secret stored with the meeting; an unknown meeting and a wrong token get the same 404, so the
 * answer says nothing about which meetings exist. The token is never logged.
 */

const FILE = /^(overleg-[a-f0-9]{12})\.ics$/;

export function registerMeetingIcsRoute(server: Server, services: BotServices): void {
  registerLocalPort(services, () => {
    const address = server.server.address();
    return typeof address === 'object' && address ? address.port : services.config.port;
  });

  if (!services.config.publicBaseUrl && !services.config.localMode) {
    services.logger.warn(
      'PUBLIC_BASE_URL is not set: calendar links on agenda cards point to this host on loopback',
    );
  }

  // The handler returns nothing: restify logs any value an async handler returns, the whole response with the
  // request's URL and so the token in it.
  server.get('/api/agenda/:file', async (req, res): Promise<void> => {
    const notFound = (): void => {
      res.send(404, { message: 'Niet gevonden' });
    };
    const match = FILE.exec(String(req.params?.file ?? ''));
    if (!match?.[1]) {
      notFound();
      return;
    }
    const token = new URL(req.url ?? '', 'http://localhost').searchParams.get('token');
    try {
      const ics = await meetingsServiceFor(services).icsFor(match[1], token);
      if (!ics) {
        notFound();
        return;
      }
      res.writeHead(200, {
        'content-type': 'text/calendar; charset=utf-8',
        'content-disposition': `attachment; filename="${match[1]}.ics"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      res.end(ics);
    } catch (error) {
      services.logger.error('serving an .ics failed', {
        meetingId: match[1],
        error: (error as Error).message,
      });
      if (!res.headersSent) res.send(500, { message: 'internal error' });
    }
  });
}
