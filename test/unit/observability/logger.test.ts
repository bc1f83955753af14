import { createLogger, useTraceIds } from '../../../src/observability/logger';

/** Issue 17: log lines carry the active span's ids while telemetry runs, and nothing of the kind otherwise. */

describe('log lines and traces', () => {
  afterEach(() => useTraceIds(() => undefined));

  it('carry the trace and span id of the active span, which no field can replace', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { service: 't' }, (line) => lines.push(line));
    let active: { traceId: string; spanId: string } | undefined = undefined;
    useTraceIds(() => active);

    logger.info('outside a request');
    active = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' };
    logger.child({ feature: 'x' }).warn('inside', { traceId: 'forged', email: 'a@b.example' });

    const [outside, inside] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(outside).not.toHaveProperty('traceId');
    expect(outside).not.toHaveProperty('spanId');
    expect(inside).toMatchObject({
      message: 'inside',
      feature: 'x',
      email: '[redacted]',
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
    });
  });

  it('leave the ids out when telemetry does not run', () => {
    const lines: string[] = [];
    createLogger('info', {}, (line) => lines.push(line)).info('plain');
    expect(Object.keys(JSON.parse(lines[0]!) as object).sort()).toEqual(['level', 'message', 'time']);
  });
});
