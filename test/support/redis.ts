import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll } from 'vitest';
import { tmpDir } from './tmp.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface TestRedis {
  readonly url: string;
  readonly port: number;
  proc: ChildProcess;
  /** For a TLS server: the self-signed certificate, to trust through NODE_EXTRA_CA_CERTS. */
  readonly caFile?: string;
  /** Kills the server at once (Redis dying under a sweep or a worker). */
  kill(): void;
}

/**
 * A throwaway Redis on loopback (Debian's redis-server), stopped when the test file ends. With
 * `password` it requires it; with `tls` it listens with TLS only, on a certificate made here.
 */
export async function startRedis(opts: { password?: string; tls?: boolean } = {}): Promise<TestRedis> {
  const port = await freePort();
  const args = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  let caFile: string | undefined;
  if (opts.tls) {
    const dir = tmpDir('redis-tls-');
    caFile = path.join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', caFile, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
    args.push('--port', '0', '--tls-port', String(port), '--tls-cert-file', caFile, '--tls-key-file', path.join(dir, 'key.pem'), '--tls-auth-clients', 'no');
  } else {
    args.push('--port', String(port));
  }
  if (opts.password !== undefined) args.push('--requirepass', opts.password);
  const proc = spawn('redis-server', args, { stdio: 'ignore' });
  // afterAll is not registered when called after an await in a describe body: the exit hook is what stops it then.
  const stop = () => { proc.kill('SIGKILL'); };
  afterAll(stop);
  process.once('exit', stop);
  const auth = opts.password !== undefined ? `:${encodeURIComponent(opts.password)}@` : '';
  const url = `${opts.tls ? 'rediss' : 'redis'}://${auth}127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return { url, port, proc, ...(caFile ? { caFile } : {}), kill: () => { proc.kill('SIGKILL'); } };
    if (Date.now() > deadline) throw new Error('redis-server did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
}
