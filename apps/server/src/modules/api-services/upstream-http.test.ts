import { describe, expect, it } from 'vitest';
import { callUpstream, isBlockedAddress, isBlockedHost, UpstreamFailure } from './upstream-http.ts';

describe('upstream address guard', () => {
  it('refuses link-local and metadata addresses in every spelling, and keeps intranet addresses', () => {
    for (const host of ['169.254.169.254', '169.254.0.1', '[fe80::1]', '[::ffff:169.254.169.254]', '[::ffff:a9fe:a9fe]', '100.100.100.200', '[fd00:ec2::254]', '0.0.0.0', 'metadata.google.internal', 'METADATA.GOOGLE.INTERNAL.']) {
      expect(isBlockedHost(host), host).toBe(true);
    }
    for (const host of ['127.0.0.1', '10.1.2.3', '192.168.1.10', '172.16.0.5', '[::1]', 'api.example.gov.cn', '169.255.0.1']) {
      expect(isBlockedHost(host), host).toBe(false);
    }
    expect(isBlockedAddress('not an address')).toBe(false);
  });

  it('refuses a blocked address before connecting, unless allowed', async () => {
    const call = (allowLinkLocal: boolean) => callUpstream({ url: new URL('http://169.254.169.254/latest/meta-data'), method: 'GET', headers: {}, connectTimeoutMs: 300, readTimeoutMs: 300, allowLinkLocal, maxBytes: 1024 });
    await expect(call(false)).rejects.toMatchObject({ kind: 'blocked' });
    // Allowed, the call is attempted: whatever the network does, it ends within the bound as a failure of its own kind.
    const started = Date.now();
    const error = await call(true).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1500);
    if (error instanceof UpstreamFailure) expect(error.kind).not.toBe('blocked');
  });
});
