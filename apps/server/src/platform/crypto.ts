import crypto from 'node:crypto';
import { promisify } from 'node:util';

/**
 * National cryptography (国密) through Node's OpenSSL: SM3 hashes and HMACs, SM4 field
 * encryption, SM2-curve signatures. No JavaScript re-implementation of any algorithm.
 */

export function sm3Hex(data: string | Buffer): string {
  return crypto.createHash('sm3').update(data).digest('hex');
}

export function hmacSm3Hex(key: Buffer, data: string | Buffer): string {
  return crypto.createHmac('sm3', key).update(data).digest('hex');
}

export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/** Constant-time comparison of two hex or base64 strings. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

/**
 * Keys derived from one master key with HKDF-SM3, one per purpose, so a leak of one derived key
 * (say the digest key used for unique lookups) does not expose encrypted fields.
 */
export interface DataKeys {
  /** SM4-CBC key for field encryption. */
  encryption: Buffer;
  /** HMAC-SM3 key authenticating ciphertexts (encrypt-then-MAC; Node's OpenSSL has no SM4-GCM). */
  authentication: Buffer;
  /** HMAC-SM3 key for deterministic digests of encrypted values, used for unique lookups. */
  digest: Buffer;
  /** HMAC-SM3 key for joinable pseudonyms of masked fields. */
  pseudonym: Buffer;
}

export function deriveDataKeys(masterKey: Buffer): DataKeys {
  const derive = (info: string, length: number) =>
    Buffer.from(crypto.hkdfSync('sm3', masterKey, Buffer.alloc(0), `huitong/${info}`, length));
  return {
    encryption: derive('field-encryption', 16),
    authentication: derive('field-authentication', 32),
    digest: derive('lookup-digest', 32),
    pseudonym: derive('pseudonym', 32),
  };
}

/** Encrypts a field value as `sm4:<iv>:<ciphertext>:<mac>` (base64url parts). */
export function encryptField(keys: DataKeys, plaintext: string): string {
  const iv = crypto.randomBytes(16);
  const cipher = crypto.createCipheriv('sm4-cbc', keys.encryption, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const mac = crypto.createHmac('sm3', keys.authentication).update(iv).update(ciphertext).digest();
  return ['sm4', iv.toString('base64url'), ciphertext.toString('base64url'), mac.toString('base64url')].join(':');
}

export function decryptField(keys: DataKeys, stored: string): string {
  const [scheme, ivText, ciphertextText, macText] = stored.split(':');
  if (scheme !== 'sm4' || !ivText || !ciphertextText || !macText) throw new Error('not an encrypted field value');
  const iv = Buffer.from(ivText, 'base64url');
  const ciphertext = Buffer.from(ciphertextText, 'base64url');
  const expected = crypto.createHmac('sm3', keys.authentication).update(iv).update(ciphertext).digest();
  const mac = Buffer.from(macText, 'base64url');
  if (mac.length !== expected.length || !crypto.timingSafeEqual(mac, expected)) {
    throw new Error('encrypted field failed authentication');
  }
  const decipher = crypto.createDecipheriv('sm4-cbc', keys.encryption, iv);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
}

/** Deterministic keyed digest for finding a row by an encrypted value (e.g. an ID number). */
export function lookupDigest(keys: DataKeys, value: string): string {
  return hmacSm3Hex(keys.digest, value);
}

const scrypt = promisify(crypto.scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

/** scrypt password hash, stored as `scrypt$N$r$p$salt$hash`. */
export async function hashPassword(password: string, cost = 2 ** 15): Promise<string> {
  const salt = crypto.randomBytes(16);
  const params = { N: cost, r: 8, p: 1, maxmem: 256 * cost * 8 * 2 };
  const hash = await scrypt(password.normalize('NFKC'), salt, 32, params);
  return ['scrypt', cost, 8, 1, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltText, hashText] = stored.split('$');
  if (scheme !== 'scrypt' || !saltText || !hashText) return false;
  const N = Number(n);
  const params = { N, r: Number(r), p: Number(p), maxmem: 256 * N * Number(r) * 2 };
  const expected = Buffer.from(hashText, 'base64url');
  const actual = await scrypt(password.normalize('NFKC'), Buffer.from(saltText, 'base64url'), expected.length, params);
  return crypto.timingSafeEqual(actual, expected);
}

/**
 * Password strength for 等保 level 3: at least 10 characters from at least three of the four
 * classes (lower, upper, digit, symbol). Returns the reason it fails, or null.
 */
export function passwordWeakness(password: string): string | null {
  if (password.length < 10) return '密码至少10位 (at least 10 characters)';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return '密码须包含大写字母、小写字母、数字、符号中的至少三类 (three of: lower, upper, digit, symbol)';
  return null;
}

/** An SM2-curve key pair for signing audit checkpoints. */
export interface SigningKey {
  privateKey: crypto.KeyObject;
  publicKey: crypto.KeyObject;
  /** SM3 fingerprint of the public key (SPKI DER), so records say which key signed them. */
  keyId: string;
}

export function generateSigningKeyPem(): string {
  const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'SM2' });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

export function loadSigningKey(privatePem: string): SigningKey {
  const privateKey = crypto.createPrivateKey(privatePem);
  const publicKey = crypto.createPublicKey(privateKey);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return { privateKey, publicKey, keyId: sm3Hex(spki).slice(0, 16) };
}

export function signSm2(key: SigningKey, data: string): string {
  return crypto.sign('sm3', Buffer.from(data), key.privateKey).toString('base64');
}

export function verifySm2(publicKey: crypto.KeyObject, data: string, signature: string): boolean {
  try {
    return crypto.verify('sm3', Buffer.from(data), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
