import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';
import path from 'node:path';
import { generate } from 'selfsigned';

export interface LoopbackCertificate {
  readonly cert: string;
  readonly key: string;
}

const RENEW_BEFORE_MS = 7 * 24 * 3600 * 1000;

/**
 * A self-signed certificate for 127.0.0.1/localhost only, kept in the local data folder.
 * The embedded store's bundled certificate expired in 2021; we trust this one explicitly in a loopback-only
 * agent instead of turning TLS checks off for the process.
 */
export async function ensureLoopbackCertificate(folder: string): Promise<LoopbackCertificate> {
  const certPath = path.join(folder, 'loopback-cert.pem');
  const keyPath = path.join(folder, 'loopback-key.pem');
  try {
    const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
    const validTo = new Date(new X509Certificate(cert).validTo).getTime();
    if (validTo - Date.now() > RENEW_BEFORE_MS) return { cert, key };
  } catch {
    // missing or unreadable: make a new one below
  }
  const created = await createLoopbackCertificate();
  await mkdir(folder, { recursive: true });
  await writeFile(keyPath, created.key, { mode: 0o600 });
  await writeFile(certPath, created.cert);
  return created;
}

export async function createLoopbackCertificate(): Promise<LoopbackCertificate> {
  const now = new Date();
  const result = await generate([{ name: 'commonName', value: 'tafelbot-local-store' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 365 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  return { cert: result.cert, key: result.private };
}
