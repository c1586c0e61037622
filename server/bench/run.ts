// npm run bench [-- name...]: runs the benchmark modules in order (all, or those named) and prints their
// figures. Each entry is a module exporting one async run function.
const benches: Record<string, () => Promise<unknown>> = {
  rest: async () => (await import('./rest.bench.ts')).runRestBench(),
  match: async () => (await import('./match.bench.ts')).runMatchBench(),
  lobby: async () => (await import('./lobby.bench.ts')).runLobbyBench(),
  computer: async () => (await import('./computer.bench.ts')).runComputerBench(),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
let failed = 0;
for (const [name, run] of Object.entries(benches)) {
  if (wanted.length && !wanted.includes(name)) continue;
  try {
    await run();
  } catch (e) {
    failed++;
    console.error(`bench ${name} failed: ${e instanceof Error ? e.stack : String(e)}`);
  }
}
process.exit(failed ? 1 : 0);

export {};
