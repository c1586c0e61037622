// The deployment files: docker-compose.yml is valid for the Docker client (when the compose plugin or
// docker-compose is installed) and runs Postgres 16, Redis 7 and two game servers with their own
// PUBLIC_ADDRESS and health checks; the Dockerfile builds from files that exist and runs as a non-root
// user; .ci/run is a strict bash script ending in `npm test`; .env.example lists every variable the
// config schema knows, with its default.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { envSchema, loadConfig, repoRoot } from '../src/config.ts';

const read = (p: string) => readFileSync(join(repoRoot, p), 'utf8');

/** `docker compose`, or the standalone `docker-compose`, whichever answers; null if neither. */
function composeCommand(): string[] | null {
  for (const cmd of [['docker', 'compose'], ['docker-compose']]) {
    const r = spawnSync(cmd[0]!, [...cmd.slice(1), 'version'], { encoding: 'utf8', timeout: 20_000 });
    if (r.status === 0) return cmd;
  }
  return null;
}

// Compose substitutes ${VAR:-default} from the environment: validate with the defaults.
const composeEnv = () => {
  const env = { ...process.env };
  for (const k of ['JWT_SECRET', 'LOG_LEVEL', 'COMPOSE_FILE', 'COMPOSE_PROJECT_NAME']) delete env[k];
  return env;
};

test('docker-compose.yml: valid for the Docker client', () => {
  const compose = composeCommand();
  if (!compose) {
    console.log('  [foundation-compose] NOTE: neither `docker compose` nor `docker-compose` is installed: compose validation skipped');
    return;
  }
  const run = (file: string) => spawnSync(compose[0]!, [...compose.slice(1), '-f', file, 'config'], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000, env: composeEnv() });
  const r = run(join(repoRoot, 'docker-compose.yml'));
  assert.is(r.status, 0, `${compose.join(' ')} config failed: ${r.stderr}`);
  console.log(`  [foundation-compose] validated with ${compose.join(' ')}`);
  const out = r.stdout;
  for (const re of [/image: postgres:16/, /image: redis:7/, /PUBLIC_ADDRESS: localhost:2567/, /PUBLIC_ADDRESS: localhost:2568/, /pg_isready/, /redis-cli/, /\/readyz/]) assert.match(out, re);

  // The validator is not a rubber stamp: a broken copy is refused.
  const dir = mkdtempSync(join(tmpdir(), 'dojo-compose-'));
  try {
    const broken = join(dir, 'docker-compose.yml');
    writeFileSync(broken, read('docker-compose.yml').replace('condition: service_healthy', 'condition: [not, valid]'));
    assert.is.not(run(broken).status, 0, 'a broken compose file is rejected');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('docker-compose.yml: services, health checks and per-process PUBLIC_ADDRESS', () => {
  const y = read('docker-compose.yml');
  for (const s of ['postgres', 'redis', 'game1', 'game2']) assert.match(y, new RegExp(`^  ${s}:$`, 'm'), `service ${s}`);
  assert.match(y, /image: postgres:16\b/);
  assert.match(y, /image: redis:7\b/);
  assert.match(y, /pg_isready/);
  assert.match(y, /redis-cli", "ping"/);
  assert.match(y, /\/readyz/);
  assert.match(y, /PORT: "2567"\s+PUBLIC_ADDRESS: localhost:2567/);
  assert.match(y, /PORT: "2568"\s+PUBLIC_ADDRESS: localhost:2568/);
  assert.match(y, /"2567:2567"/);
  assert.match(y, /"2568:2568"/);
  assert.match(y, /DATABASE_URL: postgres:\/\/\S+@postgres:5432\//);
  assert.match(y, /REDIS_URL: redis:\/\/redis:6379/);
  // Both processes must verify each other's tokens.
  assert.match(y, /JWT_SECRET: \$\{JWT_SECRET:-.{32,}\}/);
});

test('docker-compose.yml: a third game process, Prometheus scraping every game process, Grafana with the dashboard', () => {
  const y = read('docker-compose.yml');
  for (const s of ['game3', 'prometheus', 'grafana']) assert.match(y, new RegExp(`^  ${s}:$`, 'm'), `service ${s}`);
  assert.match(y, /PORT: "2569"\s+PUBLIC_ADDRESS: localhost:2569/);
  assert.match(y, /\.\/deploy\/prometheus\/prometheus\.yml:\/etc\/prometheus\/prometheus\.yml/);
  assert.match(y, /\.\/deploy\/grafana\/provisioning:\/etc\/grafana\/provisioning/);
  assert.match(y, /\.\/deploy\/grafana\/dashboards:\/var\/lib\/grafana\/dashboards/);
  // Prometheus scrapes /metrics of exactly the game services compose defines, on their own ports.
  const prom = read('deploy/prometheus/prometheus.yml');
  assert.match(prom, /metrics_path: \/metrics/);
  const targets = JSON.parse(/targets: (\[.*\])/.exec(prom)![1]!) as string[];
  const games = [...y.matchAll(/^  (game\d+):$/gm)].map((m) => m[1]!);
  assert.equal(targets.map((t) => t.split(':')[0]).sort(), games.sort(), 'one target per game service');
  for (const t of targets) {
    const [svc, port] = t.split(':');
    assert.match(y, new RegExp(`^  ${svc}:[\\s\\S]*?PORT: "${port}"`, 'm'), `${t} is the port ${svc} listens on`);
  }
  // The provisioned data source is the one the dashboard's panels name, and every series a panel
  // queries is one the server exposes (server/src/metrics.ts, prefix dojopool_).
  const dsUid = /uid: (\S+)/.exec(read('deploy/grafana/provisioning/datasources/prometheus.yml'))![1];
  const dash = JSON.parse(read('deploy/grafana/dashboards/dojopool.json'));
  assert.ok(dash.panels.length >= 10);
  const metricsSrc = read('server/src/metrics.ts');
  const defaults = ['dojopool_process_cpu_seconds_total', 'dojopool_process_resident_memory_bytes', 'dojopool_nodejs_eventloop_lag_p99_seconds'];
  for (const p of dash.panels) {
    assert.is(p.datasource.uid, dsUid, `panel ${p.title}: data source`);
    for (const t of p.targets) {
      for (const m of t.expr.match(/dojopool_[a-z0-9_]+/g) ?? []) {
        const base = m.replace(/_(bucket|count|sum)$/, '');
        assert.ok(defaults.includes(m) || metricsSrc.includes(`'${base}'`), `panel ${p.title}: ${m} is exposed by the server`);
      }
    }
  }
});

test('Dockerfile: node 20 slim, npm ci, client build, non-root, port, health check, entry', () => {
  const d = read('Dockerfile');
  assert.match(d, /^FROM node:20-bookworm-slim\b/m);
  assert.match(d, /^RUN npm ci\b/m);
  assert.match(d, /^RUN npm run build$/m);
  assert.match(d, /^USER node$/m);
  assert.match(d, /^EXPOSE 2567$/m);
  assert.match(d, /^HEALTHCHECK .*\n?.*\/readyz/m);
  assert.match(d, /^WORKDIR \/app\/server$/m);
  // The server's Node flags before the entry (node-flags.test.ts checks each one).
  assert.match(d, /^CMD \["node", ("--[a-z-]+(=[^"]+)?", )*"--import", "tsx", "src\/main.ts"\]$/m);
  // The last USER before CMD is not root.
  const users = [...d.matchAll(/^USER (\S+)$/gm)].map((m) => m[1]);
  assert.ok(users.length > 0 && users.at(-1) !== 'root');
  // Every local COPY source exists, and .dockerignore does not hide it.
  const ignore = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  for (const m of d.matchAll(/^COPY (?!--from)(.+) (\S+)$/gm)) {
    for (const src of m[1]!.trim().split(/\s+/)) {
      assert.ok(existsSync(join(repoRoot, src)), `COPY source ${src} exists`);
      assert.not.ok(ignore.includes(src) || ignore.includes(src.split('/')[0]!), `${src} is not dockerignored`);
    }
  }
});

test('.dockerignore: no dependencies, data, builds or git history in the context', () => {
  const ignore = read('.dockerignore').split('\n').map((l) => l.trim());
  for (const p of ['node_modules', 'data', 'dist', '.git']) assert.ok(ignore.includes(p), p);
});

test('.ci/run: executable strict bash that ends by running npm test with real services', () => {
  const file = join(repoRoot, '.ci', 'run');
  accessSync(file, constants.X_OK);
  const s = readFileSync(file, 'utf8');
  assert.match(s, /^#!\/usr\/bin\/env bash\n/);
  assert.match(s, /^set -euo pipefail$/m);
  assert.is(spawnSync('bash', ['-n', file]).status, 0, 'bash -n');
  assert.match(s, /^npm ci\b/m);
  assert.match(s, /export DATABASE_URL=/);
  assert.match(s, /export REDIS_URL=/);
  assert.match(s, /export CI=1/);
  assert.match(s, /trap cleanup EXIT/);
  assert.match(s, /DROP DATABASE IF EXISTS \$db WITH \(FORCE\)/);
  const lastCommand = s.trim().split('\n').filter((l) => l.trim() && !l.trim().startsWith('#')).at(-1);
  assert.is(lastCommand, 'npm test');
});

function parseDotenv(text: string): Map<string, { value: string; comment: string }> {
  const out = new Map<string, { value: string; comment: string }>();
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!m) return;
    assert.not.ok(out.has(m[1]!), `${m[1]} appears once`);
    const prev = lines[i - 1] ?? '';
    out.set(m[1]!, { value: m[2]!, comment: prev.startsWith('# ') ? prev.slice(2) : '' });
  });
  return out;
}

test('.env.example: every config variable, each with a comment, its values equal to the defaults', () => {
  const vars = parseDotenv(read('.env.example'));
  const schemaKeys = Object.keys(envSchema.shape);
  const missing = schemaKeys.filter((k) => !vars.has(k));
  assert.equal(missing, [], `.env.example lacks ${missing.join(', ')}: add each with its default and a one-line comment`);
  const unknown = [...vars.keys()].filter((k) => !schemaKeys.includes(k));
  assert.equal(unknown, [], `.env.example has variables config.ts does not read: ${unknown.join(', ')}`);
  for (const [k, v] of vars) assert.ok(v.comment.length > 0, `${k} has a comment on the line above`);
  // Parsing the example gives exactly the defaults.
  const env = Object.fromEntries([...vars].map(([k, v]) => [k, v.value]));
  const fromExample = loadConfig(env);
  const defaults = loadConfig({});
  for (const k of schemaKeys) assert.equal((fromExample as any)[k], (defaults as any)[k], `${k} in .env.example is its default`);
});

test.run();
