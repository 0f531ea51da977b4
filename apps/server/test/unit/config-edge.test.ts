import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';

/** The HTTP-edge settings (rate limits, Redis, metrics token): defaults, and bad values named. */
describe('configuration of the HTTP edge', () => {
  it('has working defaults: limits on, counts per process, no metrics token', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      redisUrl: null,
      redisKeyPrefix: 'huitong:',
      rateLimitWindowSeconds: 60,
      loginRateLimitPerAddress: 20,
      loginRateLimitPerAccount: 10,
      anonymousRateLimitPerAddress: 300,
      metricsToken: null,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      HUITONG_REDIS_URL: 'redis://cache:6379/2',
      HUITONG_REDIS_PREFIX: 'city-a:',
      HUITONG_RATE_LIMIT_WINDOW_SECONDS: '30',
      HUITONG_LOGIN_RATE_LIMIT_PER_ADDRESS: '50',
      HUITONG_LOGIN_RATE_LIMIT_PER_ACCOUNT: '8',
      HUITONG_ANONYMOUS_RATE_LIMIT_PER_ADDRESS: '1000',
      HUITONG_METRICS_TOKEN: 'a-long-enough-scrape-token',
    });
    expect(config).toMatchObject({ redisUrl: 'redis://cache:6379/2', redisKeyPrefix: 'city-a:', rateLimitWindowSeconds: 30, loginRateLimitPerAddress: 50, loginRateLimitPerAccount: 8, anonymousRateLimitPerAddress: 1000, metricsToken: 'a-long-enough-scrape-token' });
  });

  it.each([
    ['HUITONG_REDIS_URL', 'http://cache:6379'],
    ['HUITONG_RATE_LIMIT_WINDOW_SECONDS', '0'],
    ['HUITONG_LOGIN_RATE_LIMIT_PER_ADDRESS', 'many'],
    ['HUITONG_LOGIN_RATE_LIMIT_PER_ACCOUNT', '0'],
    ['HUITONG_ANONYMOUS_RATE_LIMIT_PER_ADDRESS', '-1'],
    ['HUITONG_METRICS_TOKEN', 'short'],
  ])('a bad %s stops the start with the variable named', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}:`));
  });
});
