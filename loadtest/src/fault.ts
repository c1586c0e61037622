// The fault test under load: a local cluster (3 processes by default) on its own redis-server and its
// own Postgres database, the usual bots through the cluster's entry point, and in the steady window
// one game process killed with SIGKILL and then Redis restarted empty. The report adds what happened:
// the matches the dead process hosted and when each was adopted by a survivor (its lease moved), the
// adoptions the survivors count in /metrics, the errors the clients saw (drops, failed rejoins), and a
// check in the database that every match the bots saw finish is stored, finished, exactly once, with
// the winner and score the players were told.
import pg from 'pg';
import { formatReport } from './report.ts';
import { runLoad, writeReport, type RunOptions } from './run.ts';
import { metricValue, sleep, type Target } from './target.ts';
import type { FinishedSeen } from './worker.ts';

export type FaultOptions = {
  run: RunOptions;
  processes: number;
  killAt: number;
  redisAt: number;
  leaseTtlS: number;
  makeTarget: (env: Record<string, string>) => Promise<{ target: Target; cleanup: () => Promise<void> }>;
};

type Adoption = { matchId: string; ownerBefore: string; epochBefore: number; adoptedAfterS: number | null; ownerAfter: string | null; statusAtEnd: string | null };

export async function runFault(o: FaultOptions): Promise<number> {
  if (!(o.killAt > 0 && o.killAt < o.redisAt && o.redisAt < 1)) {
    console.error('loadtest: fault needs 0 < --kill-at < --redis-at < 1');
    return 2;
  }
  const { target, cleanup } = await o.makeTarget({ LEASE_TTL_S: String(o.leaseTtlS) });
  const db = new pg.Pool({ connectionString: target.databaseUrl!, max: 2 });
  const victim = target.processes[target.processes.length - 1]!;
  const events: { atS: number; what: string }[] = [];
  const adoptions: Adoption[] = [];
  let code = 0;
  try {
    const report = await runLoad(o.run, target, {
      atSteady: async (elapsed) => {
        await sleep(o.killAt * o.run.durationS * 1000);
        const live = await db.query<{ id: string; lease_epoch: number }>("SELECT id, lease_epoch FROM matches WHERE status = 'live' AND owner = $1", [victim.address]);
        target.killProcess!(target.processes.indexOf(victim));
        const killedAt = elapsed();
        events.push({ atS: killedAt, what: `SIGKILL ${victim.address} (pid ${victim.pid}), hosting ${live.rows.length} live matches` });
        for (const r of live.rows) adoptions.push({ matchId: r.id, ownerBefore: victim.address, epochBefore: r.lease_epoch, adoptedAfterS: null, ownerAfter: null, statusAtEnd: null });
        const redisDue = o.redisAt * o.run.durationS;
        let redisDone = false;
        // Watch the dead process's matches change hands (a new owner and a higher lease epoch), until
        // the steady window ends; restart Redis when its time comes.
        while (elapsed() < o.run.durationS - 1) {
          if (!redisDone && elapsed() >= redisDue) {
            redisDone = true;
            const t = elapsed();
            await target.redis!.restart();
            events.push({ atS: t, what: `redis-server restarted empty (port ${target.redis!.port}), back after ${(elapsed() - t).toFixed(1)} s` });
          }
          const open = adoptions.filter((a) => a.adoptedAfterS === null).map((a) => a.matchId);
          if (open.length) {
            const rows = await db.query<{ id: string; owner: string | null; lease_epoch: number; status: string }>('SELECT id, owner, lease_epoch, status FROM matches WHERE id = ANY($1)', [open]);
            for (const r of rows.rows) {
              const a = adoptions.find((x) => x.matchId === r.id)!;
              if (r.owner && r.owner !== victim.address && r.lease_epoch > a.epochBefore) (a.adoptedAfterS = elapsed() - killedAt), (a.ownerAfter = r.owner);
            }
          }
          await sleep(500);
        }
      },
    });
    report.target.serverCpus = null;

    // ---- what the database holds ----
    const seen: FinishedSeen[] = (report as any).finishedMatches;
    const ids = [...new Set(seen.map((f) => f.matchId))];
    const rows = ids.length
      ? (await db.query<{ id: string; status: string; winner_seat: number | null; score: [number, number] | null; n: string }>(
          'SELECT m.id, m.status, m.winner_seat, m.score, (SELECT count(*) FROM match_players p WHERE p.match_id = m.id) AS n FROM matches m WHERE m.id = ANY($1)',
          [ids],
        )).rows
      : [];
    const problems: string[] = [];
    for (const f of seen) {
      const r = rows.filter((x) => x.id === f.matchId);
      if (r.length !== 1) problems.push(`${f.matchId}: ${r.length} rows`);
      else if (r[0]!.status !== 'finished') problems.push(`${f.matchId}: status ${r[0]!.status}`);
      else if (r[0]!.winner_seat !== f.winner) problems.push(`${f.matchId}: winner ${r[0]!.winner_seat} stored, ${f.winner} announced`);
      else if (JSON.stringify(r[0]!.score) !== JSON.stringify(f.score)) problems.push(`${f.matchId}: score ${JSON.stringify(r[0]!.score)} stored, ${JSON.stringify(f.score)} announced`);
      else if (Number(r[0]!.n) !== 2) problems.push(`${f.matchId}: ${r[0]!.n} participants stored`);
    }
    const end = adoptions.length ? (await db.query<{ id: string; status: string }>('SELECT id, status FROM matches WHERE id = ANY($1)', [adoptions.map((a) => a.matchId)])).rows : [];
    for (const a of adoptions) a.statusAtEnd = end.find((r) => r.id === a.matchId)?.status ?? null;
    let adoptionsCounted = 0;
    for (const p of target.processes.filter((p) => p !== victim)) {
      try {
        adoptionsCounted += metricValue(await (await fetch(p.metricsUrl)).text(), 'dojopool_adoptions_total') || 0;
      } catch {}
    }
    const adopted = adoptions.filter((a) => a.adoptedAfterS !== null);
    const fault = {
      processes: o.processes,
      leaseTtlS: o.leaseTtlS,
      events,
      victimMatches: adoptions.length,
      adopted: adopted.length,
      adoptedAfterS: adopted.map((a) => Math.round(a.adoptedAfterS! * 10) / 10),
      adoptionsCountedBySurvivors: adoptionsCounted,
      victimMatchesAtEnd: Object.fromEntries(['live', 'finished', 'aborted', null].map((s) => [String(s), adoptions.filter((a) => a.statusAtEnd === s).length])),
      finishedSeenByBots: ids.length,
      finishedStoredOnce: ids.length - new Set(problems.map((p) => p.split(':')[0])).size,
      storageProblems: problems,
      clientErrors: report.errors.byKind,
      rejoinsAfterDrop: report.counters.rejoinsAfterDrop ?? 0,
    };
    report.fault = fault;
    writeReport(report, o.run.out, true);
    console.log(formatReport(report));
    console.log('\nfault test:');
    for (const e of events) console.log(`  at ${e.atS.toFixed(1)} s of the steady window: ${e.what}`);
    console.log(`  matches the killed process hosted: ${fault.victimMatches}; adopted by a survivor: ${fault.adopted}${adopted.length ? ` (after ${Math.min(...fault.adoptedAfterS)}–${Math.max(...fault.adoptedAfterS)} s)` : ''}; survivors' dojopool_adoptions_total: ${adoptionsCounted}`);
    console.log(`  those matches at the end: ${Object.entries(fault.victimMatchesAtEnd).filter(([, n]) => n).map(([s, n]) => `${n} ${s === 'null' ? 'missing' : s}`).join(', ') || 'none'}`);
    console.log(`  clients that rejoined their room after a drop: ${fault.rejoinsAfterDrop}`);
    console.log(`  finished matches the bots saw: ${fault.finishedSeenByBots}; stored finished exactly once with the announced result: ${fault.finishedStoredOnce}${problems.length ? `; problems: ${problems.slice(0, 10).join('; ')}` : ''}`);
    const ok = problems.length === 0 && adopted.length === adoptions.length;
    console.log(`  nothing finished lost and every match of the killed process adopted: ${ok ? 'yes' : 'NO'}`);
    code = ok ? 0 : 1;
  } catch (e) {
    console.error(`loadtest: ${(e as Error).stack ?? e}`);
    code = 1;
  } finally {
    await db.end().catch(() => {});
    await cleanup();
  }
  return code;
}
