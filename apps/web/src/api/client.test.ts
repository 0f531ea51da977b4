import { afterEach, describe, expect, it } from 'vitest';
import { api, ApiError, CSRF_HEADER, queryString, setFetchForTesting } from './client.ts';

interface Call {
  url: string;
  init: RequestInit;
}

function fakeFetch(response: () => Response): { calls: Call[]; impl: typeof fetch } {
  const calls: Call[] = [];
  const impl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return response();
  }) as unknown as typeof fetch;
  return { calls, impl };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => setFetchForTesting((...args) => globalThis.fetch(...args)));

describe('queryString', () => {
  it('encodes Chinese text and leaves out empty values', () => {
    expect(queryString({ q: '户籍', page: 2, scope: '', departmentId: undefined, facets: false })).toBe('?q=%E6%88%B7%E7%B1%8D&page=2&facets=false');
    expect(queryString({})).toBe('');
    expect(queryString(undefined)).toBe('');
  });
});

describe('api requests', () => {
  it('sends the CSRF header on writes and JSON bodies', async () => {
    const { calls, impl } = fakeFetch(() => json(200, { ok: true }));
    setFetchForTesting(impl);
    await api.post('/api/catalog/entries/x/submit');
    await api.put('/api/catalog/entries/x/draft', { content: { name: '网格员巡查记录' } });
    await api.delete('/api/catalog/entries/x/draft');
    for (const call of calls) expect((call.init.headers as Record<string, string>)[CSRF_HEADER]).toBe('huitong');
    expect(calls[1]!.init.body).toBe(JSON.stringify({ content: { name: '网格员巡查记录' } }));
    expect((calls[1]!.init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(calls.every((c) => c.init.credentials === 'same-origin')).toBe(true);
  });

  it('does not send the CSRF header on reads, and appends the query', async () => {
    const { calls, impl } = fakeFetch(() => json(200, { items: [] }));
    setFetchForTesting(impl);
    await api.get('/api/catalog/entries', { q: '人口', page: 1 });
    expect(calls[0]!.url).toBe('/api/catalog/entries?q=%E4%BA%BA%E5%8F%A3&page=1');
    expect((calls[0]!.init.headers as Record<string, string>)[CSRF_HEADER]).toBeUndefined();
  });

  it('turns the platform error body into an ApiError with code, details and request id', async () => {
    const body = {
      error: { code: 'CATALOG_RULES', message: '目录内容有 1 处不符合规则', details: [{ field: 'content.legalBasis', message: 'content.legalBasis: 须填写共享依据 (a legal basis is required)' }] },
      requestId: 'req-1',
    };
    setFetchForTesting(fakeFetch(() => json(400, body)).impl);
    const error = await api.post('/api/catalog/entries', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'CATALOG_RULES', requestId: 'req-1', details: body.error.details });
  });

  it('keeps the time a locked account may try again', async () => {
    const body = { error: { code: 'ACCOUNT_LOCKED', message: '账号已锁定', retryAt: '2026-11-22T03:15:00.000Z' }, requestId: 'req-2' };
    setFetchForTesting(fakeFetch(() => json(423, body)).impl);
    const error = await api.post('/api/auth/login', {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 423, retryAt: '2026-11-22T03:15:00.000Z' });
  });

  it('reports a non-JSON failure (a proxy page) as an HTTP error', async () => {
    setFetchForTesting(fakeFetch(() => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })).impl);
    const error = await api.get('/api/meta').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, code: 'HTTP_502', details: [] });
  });

  it('reports an unreachable server as a network error', async () => {
    setFetchForTesting((async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch);
    await expect(api.get('/api/meta')).rejects.toMatchObject({ status: 0, code: 'NETWORK_ERROR' });
  });

  it('uploads files as multipart form data without a JSON content type', async () => {
    const { calls, impl } = fakeFetch(() => json(200, { imported: 0, entries: [] }));
    setFetchForTesting(impl);
    await api.upload('/api/catalog/import', new Blob(['{}'], { type: 'application/json' }));
    expect(calls[0]!.init.body).toBeInstanceOf(FormData);
    expect((calls[0]!.init.body as FormData).get('file')).toBeInstanceOf(Blob);
    expect((calls[0]!.init.headers as Record<string, string>)['Content-Type']).toBeUndefined();
  });

  it('replaces an attachment with a PUT upload under the CSRF header', async () => {
    const { calls, impl } = fakeFetch(() => json(200, { id: 'a1' }));
    setFetchForTesting(impl);
    await api.upload('/api/sharing/applications/a1/letter', new Blob(['%PDF-1.4'], { type: 'application/pdf' }), { method: 'PUT' });
    expect(calls[0]!.init.method).toBe('PUT');
    expect((calls[0]!.init.body as FormData).get('file')).toBeInstanceOf(Blob);
    expect((calls[0]!.init.headers as Record<string, string>)[CSRF_HEADER]).toBe('huitong');
  });
});
