/**
 * The bot side of test/e2e/telemetry.privacy.test.ts, in a process of its own (`node --import tsx`), because
 * OpenTelemetry hooks Node's module loading, which jest replaces with its own. Starts telemetry as src/index.ts
 * does, before the app is loaded (APPLICATIONINSIGHTS_CONNECTION_STRING points at the test's ingestion endpoint),
 * runs the privacy flows on the real bot, fetches a meeting's .ics with its token and with a wrong one, stops the
 * bot, flushes telemetry and reports over IPC: the log lines, the personal texts and secrets used, the answers.
 */
import { createLogger } from '../../src/observability/logger';
import { startTelemetry } from '../../src/observability/telemetry';

export interface TelemetryFlowsReport {
  readonly lines: readonly string[];
  readonly personal: readonly string[];
  readonly secrets: readonly string[];
  readonly icsStatuses: readonly number[];
  readonly icsPath: string;
}

async function main(): Promise<TelemetryFlowsReport> {
  const lines: string[] = [];
  const logger = createLogger('debug', { service: 'tafelbot' }, (line) => lines.push(line));
  const telemetry = await startTelemetry(process.env.APPLICATIONINSIGHTS_CONNECTION_STRING, logger);
  if (!telemetry) throw new Error('telemetry did not start');

  // Only now the app and everything that loads http, as in src/index.ts.
  const { startSecurityWorld } = await import('./securityWorld');
  const { FLOWS_START, runPrivacyFlows } = await import('./privacyFlows');
  const { MeetingsRepository, newMeetingDocument } = await import('../../src/storage/meetingsRepository');
  const { meeting } = await import('../unit/meetings/fixtures');

  const { migrateEmailClaims } = await import('../../src/storage/emailClaims');
  // The module object, which the instrumentation patches; an ES import's named exports of a builtin stay unpatched.
  const http = (await import('node:http')).default;

  const world = await startSecurityWorld(FLOWS_START, '0', { logger });
  const personal = await runPrivacyFlows(world);

  // A claim as stored before the ids were hashed, moved as at the first start after the upgrade: the store
  // call that deletes it has the address in its URL.
  const legacy = 'legacy.person@alfa.example';
  await world.bot.bot.db
    .container('identities')
    .items.create({ id: `email:${legacy}`, personId: 'person-x' });
  if ((await migrateEmailClaims(world.bot.bot.db)).moved !== 1) throw new Error('the old claim did not move');
  personal.push(legacy);

  const doc = newMeetingDocument(meeting({}, 'overleg-0123456789ab'));
  await new MeetingsRepository(world.bot.bot.db).create(doc);
  const icsPath = `/api/agenda/${doc.id}.ics`;
  const icsStatuses: number[] = [];
  const tokens = [doc.icsToken, `${doc.icsToken.slice(1)}x`];
  for (const token of tokens) {
    // Through node:http, like a calendar app: its outgoing span has the full link, token included, to clean.
    const status = await new Promise<number>((resolve, reject) =>
      http
        .get(`${world.bot.url}${icsPath}?token=${encodeURIComponent(token)}`, (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        })
        .on('error', reject),
    );
    icsStatuses.push(status);
  }

  await world.stop();
  await telemetry.shutdown();
  return { lines, personal, secrets: tokens, icsStatuses, icsPath };
}

main().then(
  (report) => process.send?.({ report }, () => process.exit(0)),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
