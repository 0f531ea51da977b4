import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

/**
 * Addresses an upstream may not resolve to (ADR 0019): link-local (where cloud metadata services
 * answer, 169.254.169.254 among them), Alibaba Cloud's metadata address, AWS's IPv6 metadata
 * address and "this network". Private ranges stay allowed: government services live on intranets.
 */
const BLOCKED = new net.BlockList();
BLOCKED.addSubnet('169.254.0.0', 16, 'ipv4');
BLOCKED.addSubnet('0.0.0.0', 8, 'ipv4');
BLOCKED.addAddress('100.100.100.200', 'ipv4');
BLOCKED.addSubnet('fe80::', 10, 'ipv6');
BLOCKED.addAddress('fd00:ec2::254', 'ipv6');
// The same IPv4 ranges written as IPv4-mapped IPv6 addresses.
BLOCKED.addSubnet('::ffff:169.254.0.0', 112, 'ipv6');
BLOCKED.addSubnet('::ffff:0.0.0.0', 104, 'ipv6');
BLOCKED.addAddress('::ffff:100.100.100.200', 'ipv6');

/** Host names that are metadata services whatever they resolve to. */
const BLOCKED_NAMES = new Set(['metadata.google.internal', 'metadata', 'metadata.tencentyun.com']);

export function isBlockedAddress(address: string): boolean {
  const family = net.isIP(address);
  return family !== 0 && BLOCKED.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** For a URL's hostname (brackets around IPv6 removed): refused before any connection. */
export function isBlockedHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return BLOCKED_NAMES.has(host.replace(/\.$/, '')) || isBlockedAddress(host);
}

export type FailureKind = 'blocked' | 'refused' | 'dns' | 'tls' | 'connect_timeout' | 'read_timeout' | 'too_large' | 'network';

/** Why a call produced no response: a result for the probe, never a server error. */
export class UpstreamFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
  }
}

export interface UpstreamRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
  connectTimeoutMs: number;
  readTimeoutMs: number;
  allowLinkLocal: boolean;
  maxBytes: number;
}

export interface UpstreamResponse {
  status: number;
  contentType: string | null;
  body: Buffer;
}

const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i;

function failureOf(error: NodeJS.ErrnoException, where: string): UpstreamFailure {
  if (error instanceof UpstreamFailure) return error;
  const code = error.code ?? '';
  if (code === 'ECONNREFUSED') return new UpstreamFailure('refused', `连接被拒绝 ${where} (connection refused, ECONNREFUSED)`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA') return new UpstreamFailure('dns', `域名无法解析 ${where} (DNS lookup failed, ${code})`);
  if (TLS_CODE.test(code) || TLS_CODE.test(error.message)) return new UpstreamFailure('tls', `TLS 握手失败 ${where} (TLS error: ${code || error.message})`);
  return new UpstreamFailure('network', `网络错误 ${where} (${code || error.message})`);
}

/**
 * One HTTP call to an upstream, bounded: the connection must open within connectTimeoutMs and the
 * whole answer arrive within readTimeoutMs after that; the body is capped; redirects are not
 * followed. Every resolved address is checked against the blocked ranges at connection time, so a
 * name that resolves to a metadata address (or starts doing so later) is refused too.
 */
export function callUpstream(request: UpstreamRequest): Promise<UpstreamResponse> {
  const { url } = request;
  const where = `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
  if (!request.allowLinkLocal && isBlockedHost(url.hostname)) return Promise.reject(new UpstreamFailure('blocked', `地址 ${url.hostname} 属于链路本地或元数据地址,不允许访问 (link-local or metadata address refused)`));
  const lookup: net.LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const list = addresses as dns.LookupAddress[];
      const blocked = request.allowLinkLocal ? undefined : list.find((a) => isBlockedAddress(a.address));
      if (blocked) return callback(new UpstreamFailure('blocked', `${hostname} 解析为链路本地或元数据地址 ${blocked.address},不允许访问 (resolves to a refused address)`), '', 4);
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
  return new Promise((resolve, reject) => {
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = (error: UpstreamFailure | null, response?: UpstreamResponse) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      if (error) {
        req.destroy();
        reject(error);
      } else resolve(response!);
    };
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, { method: request.method, headers: request.headers, agent: false, lookup });
    timers.push(setTimeout(() => finish(new UpstreamFailure('connect_timeout', `连接超时 ${where}: ${request.connectTimeoutMs} ms 内未建立连接 (connect timeout)`)), request.connectTimeoutMs));
    req.on('socket', (socket) => {
      const connected = () => {
        clearTimeout(timers[0]);
        timers.push(setTimeout(() => finish(new UpstreamFailure('read_timeout', `响应超时 ${where}: ${request.readTimeoutMs} ms 内未收到完整响应 (read timeout)`)), request.readTimeoutMs));
      };
      socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', connected);
    });
    req.on('error', (error) => finish(failureOf(error as NodeJS.ErrnoException, where)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > request.maxBytes) finish(new UpstreamFailure('too_large', `响应超过 ${request.maxBytes} 字节 (response larger than the limit)`));
        else chunks.push(chunk);
      });
      res.on('error', (error) => finish(failureOf(error as NodeJS.ErrnoException, where)));
      res.on('end', () => finish(null, { status: res.statusCode ?? 0, contentType: typeof res.headers['content-type'] === 'string' ? res.headers['content-type'] : null, body: Buffer.concat(chunks) }));
    });
    req.end(request.body);
  });
}
