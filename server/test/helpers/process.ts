// A real DojoPool server as a child process (as main.ts runs it), for suites that kill and restart it
// or run several processes on one database and Redis. Started on a free port; ready when /readyz is 200.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { sleep } from './play.ts';

const serverDir = new URL('../..', import.meta.url).pathname;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export type Proc = { child: ChildProcess; out: string[]; exited: Promise<number | null> };

export async function startProcess(port: number, env: Record<string, string>): Promise<Proc> {
  // Only what `env` says: a suite's own DATABASE_URL / REDIS_URL are not inherited.
  const base = { ...process.env };
  delete base.DATABASE_URL;
  delete base.REDIS_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: { ...base, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', AUTH_RATE_LIMIT_PER_IP: '100000', AUTH_RATE_LIMIT_PER_ACCOUNT: '100000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  child.stdout!.on('data', (d) => out.push(String(d)));
  child.stderr!.on('data', (d) => out.push(String(d)));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}:\n${out.join('').slice(-3000)}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (r.status === 200) break;
    } catch {}
    if (Date.now() - t0 > 90000) {
      child.kill('SIGKILL');
      throw new Error(`server not ready in 90 s:\n${out.join('').slice(-3000)}`);
    }
    await sleep(100);
  }
  return { child, out, exited };
}

