// Tables being played now, for the lobby's "watch" list: read from the matchmaker's listing, which each
// match room keeps current (players, ratings, game, score: rooms/match-room.ts publishListing). The
// listing spans every process (the Redis driver when configured), and a full table, though private to
// quick matchmaking, is still in it. A player's private table (joined by code) is never listed.
// Also the client's runtime settings (whether a Mapbox token is configured for the venue map).
import type { LiveTable, LiveTableMetadata } from '@dojopool/shared';
import { matchMaker } from '@colyseus/core';
import { Router } from 'express';
import type { RouterFactory } from '../api.ts';

export const MAX_LIVE_TABLES = 100;

export const liveTablesRouter: RouterFactory = (ctx) => {
  const router = Router();
  router.get('/live-tables', async (_req, res) => {
    const rooms = await matchMaker.query({ name: 'match' });
    const tables: LiveTable[] = [];
    for (const r of rooms) {
      const m = r.metadata as Partial<LiveTableMetadata> | undefined;
      if (!m || !m.listed || m.phase !== 'playing') continue;
      tables.push({
        roomId: r.roomId,
        game: m.game!,
        mode: m.mode!,
        raceTo: m.raceTo ?? 1,
        quick: !!m.quick,
        seatsOpen: m.seatsOpen ?? 0,
        listed: true,
        phase: m.phase,
        players: m.players ?? [],
        score: m.score ?? [0, 0],
        // Spectators are not seats: clients counts everyone connected, players included.
        spectators: Math.max(0, (r.clients ?? 0) - (m.players ?? []).filter(Boolean).length),
        createdAt: r.createdAt ? new Date(r.createdAt as unknown as string).toISOString() : null,
      });
    }
    // Ranked first, then the best-rated tables, then the newest.
    const best = (t: LiveTable) => Math.max(...t.players.map((p) => p?.rating ?? 0));
    tables.sort((a, b) => Number(b.mode === 'ranked') - Number(a.mode === 'ranked') || best(b) - best(a) || String(b.createdAt).localeCompare(String(a.createdAt)));
    res.setHeader('cache-control', 'no-store');
    res.json({ tables: tables.slice(0, MAX_LIVE_TABLES) });
  });
  router.get('/client-config', (_req, res) => {
    // The token is a public (pk.) Mapbox token by design: browsers send it with every tile request.
    res.json({ mapboxToken: ctx.config.MAPBOX_TOKEN ?? null });
  });
  return router;
};
