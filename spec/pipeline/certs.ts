// Test-only certificates, generated with `openssl` in a temp dir: a CA, a server certificate for
// 127.0.0.1 and a client certificate signed by it, and a second CA with its own server certificate
// (to check that a configured CA is the only trust root).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCerts {
  ca: string;
  serverKey: string;
  serverCert: string;
  clientKey: string;
  clientCert: string;
  otherCa: string;
  otherServerKey: string;
  otherServerCert: string;
}

export function generateCerts(): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), 'otlp-lite-certs-'));
  const ssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
    for (const ca of ['ca', 'other-ca']) {
      ssl('req', '-x509', ...key, '-keyout', `${ca}.key`, '-out', `${ca}.crt`, '-days', '2', '-subj', `/CN=otlp-lite ${ca}`);
    }
    const issue = (name: string, ca: string, ext: string): void => {
      ssl('req', ...key, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
      ssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', ext);
    };
    issue('server', 'ca', 'server.ext');
    issue('client', 'ca', 'client.ext');
    issue('other-server', 'other-ca', 'server.ext');
    const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
    return {
      ca: read('ca.crt'),
      serverKey: read('server.key'),
      serverCert: read('server.crt'),
      clientKey: read('client.key'),
      clientCert: read('client.crt'),
      otherCa: read('other-ca.crt'),
      otherServerKey: read('other-server.key'),
      otherServerCert: read('other-server.crt'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
