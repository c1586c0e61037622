// One uvu suite per database target with its own running test server, timing each test. A process has
// one matchmaker and one set of room services, so the targets' servers must not be up at the same
// time: each suite starts its server in `before` and stops it in `after`, and suites run one after the
// other (call `test.run()` inside the loop over targets).
import { suite } from 'uvu';
import type { DbTarget } from './db.ts';
import { announce } from './env.ts';
import { startTestServer, type TestServer } from './server.ts';

export function serverSuite(name: string, target: DbTarget, opts: Parameters<typeof startTestServer>[1] = {}) {
  const test = suite(target.name);
  const ctx = { server: undefined as unknown as TestServer };
  let t0 = 0;
  test.before.each(() => void (t0 = Date.now()));
  test.after.each((c) => console.log(`    ${((Date.now() - t0) / 1000).toFixed(1)} s  ${c.__test__}`));
  test.before(async () => {
    announce(name, target.name);
    ctx.server = await startTestServer(target, opts);
  });
  test.after(async () => {
    await ctx.server?.dispose();
  });
  return { test, ctx };
}
