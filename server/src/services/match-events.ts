// The match events other parts of the platform subscribe to: a match finished (with its result, the
// ratings it changed and the achievements it unlocked) or was aborted without a result. Tournaments
// advance brackets on them; social presence and statistics listen too. They travel through Colyseus'
// presence pub/sub, so with Redis presence every process's subscribers get each event once; with the
// local presence they stay in the process.
import type { GameKind, MatchMode, Seat } from '@dojopool/shared';
import type { Presence } from '@colyseus/core';

export const MATCH_EVENTS_CHANNEL = 'dojopool:match-events';

/** Where a tournament match came from, set by the tournament service when it made the room. */
export type TournamentLink = { tournamentId: string; bracketMatchId: string };

export type MatchEventPlayer = {
  seat: Seat;
  userId: string | null;
  name: string;
  result: 'win' | 'loss' | null;
  /** Exact ratings (rated matches only). */
  ratingBefore: number | null;
  ratingAfter: number | null;
  achievements: string[];
};

export type MatchFinishedEvent = {
  type: 'match.finished';
  matchId: string;
  roomId: string;
  game: GameKind;
  mode: MatchMode;
  rated: boolean;
  tournament: TournamentLink | null;
  winner: Seat;
  score: [number, number];
  forfeit: boolean;
  reason: string;
  finishedAt: string;
  players: MatchEventPlayer[];
};

export type MatchAbortedEvent = {
  type: 'match.aborted';
  matchId: string;
  roomId: string;
  game: GameKind;
  mode: MatchMode;
  tournament: TournamentLink | null;
  reason: string;
  abortedAt: string;
  players: { seat: Seat; userId: string | null; name: string }[];
};

export type MatchEvent = MatchFinishedEvent | MatchAbortedEvent;
export type MatchEventListener = (e: MatchEvent) => void | Promise<void>;

/** Publishes and delivers match events over the presence's pub/sub. */
export class MatchEvents {
  private listeners = new Set<MatchEventListener>();
  private subscribed: Promise<unknown> | null = null;
  private readonly onMessage = (e: MatchEvent) => {
    for (const l of this.listeners) {
      Promise.resolve()
        .then(() => l(e))
        .catch((err) => this.onListenerError(err, e));
    }
  };

  constructor(
    private readonly presence: () => Presence,
    private readonly onListenerError: (err: unknown, e: MatchEvent) => void,
  ) {}

  /** Starts receiving (idempotent); call once the game server's presence is set up. */
  async start(): Promise<void> {
    await (this.subscribed ??= this.presence().subscribe(MATCH_EVENTS_CHANNEL, this.onMessage));
  }

  async stop(): Promise<void> {
    if (!this.subscribed) return;
    this.subscribed = null;
    await this.presence().unsubscribe(MATCH_EVENTS_CHANNEL, this.onMessage);
  }

  /** Calls `listener` for every match event from any process; returns the unsubscribe function. */
  subscribe(listener: MatchEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async publish(e: MatchEvent): Promise<void> {
    await this.presence().publish(MATCH_EVENTS_CHANNEL, e);
  }
}
