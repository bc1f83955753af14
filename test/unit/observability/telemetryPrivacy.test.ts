import { SpanKind } from '@opentelemetry/api';
import {
  privacySpanProcessor,
  scrubSpan,
  type WritableSpan,
} from '../../../src/observability/telemetryPrivacy';

/** Issue 17: what a span may carry out of the process (query strings, client addresses, e-mail addresses). */

function span(
  kind: SpanKind,
  name: string,
  attributes: Record<string, unknown>,
  events: Array<{ attributes?: Record<string, unknown> }> = [],
): WritableSpan & { name: string } {
  const s = {
    name,
    kind,
    attributes,
    events,
    updateName(next: string) {
      s.name = next;
      return s;
    },
  };
  return s;
}

describe('the telemetry privacy span processor', () => {
  it('names an incoming request by method and path, without the .ics token or the caller’s address', () => {
    const request = span(SpanKind.SERVER, 'GET', {
      'http.request.method': 'GET',
      'url.scheme': 'https',
      'url.path': '/api/agenda/overleg-0123456789ab.ics',
      'url.query': 'token=AbCdEf0123456789AbCdEf0123456789',
      'client.address': '203.0.113.7',
      'network.peer.address': '203.0.113.7',
      'network.peer.port': 50123,
      'http.response.status_code': 200,
    });
    privacySpanProcessor.onEnding(request);
    expect(request.name).toBe('GET /api/agenda/overleg-0123456789ab.ics');
    expect(request.attributes).toEqual({
      'http.request.method': 'GET',
      'url.scheme': 'https',
      'url.path': '/api/agenda/overleg-0123456789ab.ics',
      'http.response.status_code': 200,
    });
  });

  it('keeps outgoing URLs without query or fragment, and the server’s address', () => {
    const call = span(SpanKind.CLIENT, 'GET', {
      'http.request.method': 'GET',
      'url.full': 'http://169.254.169.254/metadata/identity/oauth2/token?resource=x&client_id=y#f',
      'http.url': 'https://example.org/a?b=c',
      'http.target': '/a?b=c',
      'server.address': '169.254.169.254',
      'network.peer.address': '169.254.169.254',
    });
    scrubSpan(call);
    expect(call.attributes).toEqual({
      'http.request.method': 'GET',
      'url.full': 'http://169.254.169.254/metadata/identity/oauth2/token',
      'http.url': 'https://example.org/a',
      'http.target': '/a',
      'server.address': '169.254.169.254',
      'network.peer.address': '169.254.169.254',
    });
    expect(call.name).toBe('GET');
  });

  it('masks e-mail addresses, also percent-encoded ones, in names, attributes and events', () => {
    const call = span(
      SpanKind.CLIENT,
      'DELETE /dbs/t/colls/identities/docs/email:anna@alfa.example',
      {
        'url.full': 'https://127.0.0.1:8081/dbs/t/colls/identities/docs/email%3Aanna%40alfa.example',
        'db.names': ['x', 'bart@beta.example'],
        'db.operation': 'delete',
      },
      [{ attributes: { 'exception.message': 'Document email:anna@alfa.example already exists' } }, {}],
    );
    scrubSpan(call);
    const text = JSON.stringify(call);
    expect(text).not.toMatch(/anna|alfa\.example|bart|%40/);
    expect(call.attributes['url.full']).toBe(
      'https://127.0.0.1:8081/dbs/t/colls/identities/docs/email:[e-mail]',
    );
    expect(call.attributes['db.operation']).toBe('delete');
    expect(call.name).toBe('DELETE /dbs/t/colls/identities/docs/email:[e-mail]');
  });

  it('leaves a clean span as it was, encoding included', () => {
    const attributes = { 'url.full': 'https://x.example/docs/person%2D1', 'http.response.status_code': 404 };
    const call = span(SpanKind.CLIENT, 'GET', { ...attributes });
    scrubSpan(call);
    expect(call.attributes).toEqual(attributes);
    expect(call.name).toBe('GET');
  });
});
