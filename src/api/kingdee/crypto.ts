/**
 * The two pieces of cryptography Kingdee asks for, both from Node's crypto (providers.md): the token signature and
 * the `data` body, AES-128-ECB with PKCS#7 padding and Base64, keyed by the 16-byte `encrypt_key` as UTF-8.
 */
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';

const AES_KEY_BYTES = 16;

/** `sign` of /base/oauth/token: md5 hex of client_id + client_secret + timestamp. */
export function tokenSign(clientId: string, clientSecret: string, timestamp: string): string {
  return createHash('md5').update(clientId + clientSecret + timestamp).digest('hex');
}

function aesKey(encryptKey: string): Buffer {
  const key = Buffer.from(encryptKey, 'utf8');
  // A wrong length would only show as every call failing at the provider: say it at start-up instead.
  if (key.length !== AES_KEY_BYTES) throw new Error(`KINGDEE_ENCRYPT_KEY must be ${AES_KEY_BYTES} bytes (UTF-8), got ${key.length}`);
  return key;
}

/** Checks the key once, so a bad one stops start-up rather than the first invoice. */
export function assertEncryptKey(encryptKey: string): void {
  aesKey(encryptKey);
}

/** JSON text → Base64 of AES-128-ECB / PKCS#7 (Node's default padding). */
export function encryptData(encryptKey: string, plain: string): string {
  const cipher = createCipheriv('aes-128-ecb', aesKey(encryptKey), null);
  return Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
}

/** The reverse, for the simulator and tests; throws on a wrong key or a damaged body. */
export function decryptData(encryptKey: string, base64: string): string {
  const decipher = createDecipheriv('aes-128-ecb', aesKey(encryptKey), null);
  return Buffer.concat([decipher.update(Buffer.from(base64, 'base64')), decipher.final()]).toString('utf8');
}
