import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CatalogEntryDetail } from '@huitong/contracts';
import type { Factories, TestCity } from './factories.ts';

/** What the local upstream accepts as credentials; a request without them gets a 401. */
export interface UpstreamCredentials {
  header?: { name: string; value: string };
  basic?: { username: string; password: string };
  oauth2?: { clientId: string; clientSecret: string; token: string };
}

/**
 * A provider's API on a local port: /items answers as documented, /bad with the wrong shape,
 * /html with a web page, /slow never. /token issues client-credentials tokens.
 */
export async function apiUpstream(): Promise<{ url: string; credentials: UpstreamCredentials; seen: http.IncomingHttpHeaders[]; tokenRequests: string[]; close: () => Promise<void> }> {
  const credentials: UpstreamCredentials = {};
  const seen: http.IncomingHttpHeaders[] = [];
  const tokenRequests: string[] = [];
  const basicOf = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(value));
      if (req.url === '/oauth/token') {
        tokenRequests.push(body);
        const o = credentials.oauth2;
        if (!o || req.headers.authorization !== basicOf(o.clientId, o.clientSecret) || !body.includes('grant_type=client_credentials')) return json(401, { error: 'invalid_client' });
        return json(200, { access_token: o.token, token_type: 'Bearer', expires_in: 300 });
      }
      seen.push(req.headers);
      const { header, basic, oauth2 } = credentials;
      if (header && req.headers[header.name.toLowerCase()] !== header.value) return json(401, { error: 'missing header' });
      if (basic && req.headers.authorization !== basicOf(basic.username, basic.password)) return json(401, { error: 'bad basic' });
      if (oauth2 && req.headers.authorization !== `Bearer ${oauth2.token}`) return json(401, { error: 'bad token' });
      if (req.url === '/v1/items') return json(200, { items: [{ id: 'A1', name: '甲' }], total: 1 });
      if (req.url === '/v1/bad') return json(200, { items: [{ id: 7 }], total: 'one' });
      if (req.url === '/v1/html') return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>维护中</html>');
      if (req.url === '/v1/broken') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"items": [');
      if (req.url === '/v1/slow') return; // never answers
      json(404, { error: 'no such path' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    credentials,
    seen,
    tokenRequests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The upstream's OpenAPI document: /items (documented shape), /items/{id} (needs input), and the misbehaving paths. */
export function upstreamDocument(paths: string[] = ['/items']) {
  const ok = (ref: string) => ({ description: 'ok', content: { 'application/json': { schema: { $ref: ref } } } });
  const all: Record<string, unknown> = {
    '/items': { get: { operationId: 'listItems', responses: { '200': ok('#/components/schemas/ItemList') } } },
    '/items/{id}': { get: { operationId: 'getItem', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': ok('#/components/schemas/Item') } } },
    '/bad': { get: { operationId: 'listBad', responses: { '200': ok('#/components/schemas/ItemList') } } },
    '/html': { get: { operationId: 'listHtml', responses: { '200': ok('#/components/schemas/ItemList') } } },
    '/broken': { get: { operationId: 'listBroken', responses: { '200': ok('#/components/schemas/ItemList') } } },
    '/slow': { get: { operationId: 'listSlow', responses: { '200': ok('#/components/schemas/ItemList') } } },
    '/search': { post: { operationId: 'search', requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } }, responses: { '200': ok('#/components/schemas/ItemList') } } },
  };
  return {
    openapi: '3.0.3',
    info: { title: '市场主体查询接口', version: '1.0.0' },
    paths: Object.fromEntries(Object.entries(all).filter(([p]) => paths.includes(p) || p === '/items/{id}' || p === '/search')),
    components: {
      schemas: {
        Item: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } },
        ItemList: { type: 'object', required: ['items', 'total'], properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Item' } }, total: { type: 'integer' } } },
      },
    },
  };
}

/** A published entry of the department provided by API (接口代理). */
export function apiEntry(f: Factories, city: TestCity, department: 'sj' | 'rs' = 'sj'): Promise<CatalogEntryDetail> {
  return f.publishedEntry(city[department].officer, { formatCategory: 'service', formatType: 'REST', shareMethodType: 'interface', provisionMethod: 'api' });
}
