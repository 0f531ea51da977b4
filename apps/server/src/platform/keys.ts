import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { deriveDataKeys, generateSigningKeyPem, loadSigningKey, type DataKeys, type SigningKey } from './crypto.ts';

export interface KeyRing {
  data: DataKeys;
  auditSigning: SigningKey;
}

/**
 * Loads the platform's keys. `HUITONG_MASTER_KEY` (64 hex chars) and `HUITONG_AUDIT_SIGNING_KEY`
 * (PKCS#8 PEM) win when set — every node of a multi-node deployment must share them. Otherwise the
 * keys live in `<dataDir>/keys/`, created with mode 0600 on first start. Losing the master key
 * makes encrypted fields unreadable: back the directory up with the database.
 */
export function loadKeyRing(dataDir: string, env: NodeJS.ProcessEnv = process.env): KeyRing {
  const keyDir = path.join(dataDir, 'keys');
  const master = env.HUITONG_MASTER_KEY
    ? parseMasterKey(env.HUITONG_MASTER_KEY, 'HUITONG_MASTER_KEY')
    : parseMasterKey(readOrCreate(path.join(keyDir, 'master.key'), () => crypto.randomBytes(32).toString('hex')), 'keys/master.key');
  const signingPem = env.HUITONG_AUDIT_SIGNING_KEY
    ? env.HUITONG_AUDIT_SIGNING_KEY
    : readOrCreate(path.join(keyDir, 'audit-signing.pem'), generateSigningKeyPem);
  return { data: deriveDataKeys(master), auditSigning: loadSigningKey(signingPem) };
}

/** Fresh random keys held only in memory (tests, throwaway instances). */
export function ephemeralKeyRing(): KeyRing {
  return { data: deriveDataKeys(crypto.randomBytes(32)), auditSigning: loadSigningKey(generateSigningKeyPem()) };
}

function parseMasterKey(text: string, source: string): Buffer {
  const hex = text.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error(`${source} must be 64 hexadecimal characters`);
  return Buffer.from(hex, 'hex');
}

function readOrCreate(file: string, create: () => string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const value = create();
  fs.writeFileSync(file, value, { mode: 0o600, flag: 'wx' });
  return value;
}
