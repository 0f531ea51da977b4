import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('configuration defaults', () => {
  it('binds the loopback interface unless HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });
});
