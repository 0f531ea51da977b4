import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptField, deriveDataKeys, encryptField, generateSigningKeyPem, hashPassword, loadSigningKey, passwordWeakness, signSm2, sm3Hex, verifyPassword, verifySm2 } from './crypto.ts';

describe('national cryptography through OpenSSL', () => {
  it('computes SM3 (GB/T 32905 example "abc")', () => {
    expect(sm3Hex('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('encrypts fields with SM4 and refuses a tampered ciphertext', () => {
    const keys = deriveDataKeys(crypto.randomBytes(32));
    const stored = encryptField(keys, '11010519491231002X');
    expect(stored).not.toContain('1101');
    expect(decryptField(keys, stored)).toBe('11010519491231002X');
    const parts = stored.split(':');
    const flipped = Buffer.from(parts[2]!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    parts[2] = flipped.toString('base64url');
    expect(() => decryptField(keys, parts.join(':'))).toThrow(/authentication/);
  });

  it('signs with an SM2-curve key and detects a changed message', () => {
    const key = loadSigningKey(generateSigningKeyPem());
    const signature = signSm2(key, 'huitong-audit-head:1:abc');
    expect(verifySm2(key.publicKey, 'huitong-audit-head:1:abc', signature)).toBe(true);
    expect(verifySm2(key.publicKey, 'huitong-audit-head:2:abc', signature)).toBe(false);
  });

  it('hashes passwords with scrypt and checks strength', async () => {
    const stored = await hashPassword('Correct-Horse-9', 1024);
    expect(await verifyPassword('Correct-Horse-9', stored)).toBe(true);
    expect(await verifyPassword('correct-horse-9', stored)).toBe(false);
    expect(passwordWeakness('short1A!')).toMatch(/10/);
    expect(passwordWeakness('alllowercaseletters')).toMatch(/三类/);
    expect(passwordWeakness('Huitong@2026')).toBeNull();
  });
});
