// Bracket types: the one JSON shape a tournament's bracket has, from creation to the last result. The
// service stores it, rooms read a match's race length from it and spectators are sent it as it is, so
// everything here is plain serialisable data (no Map, no class, no undefined fields): a match's
// players, status and result are derived from the slot sources and the reported results by resolve().

export type BracketFormat = 'single-elimination' | 'double-elimination' | 'round-robin' | 'groups-knockout';

/** What the host hands in. rating seeds the field (highest first) unless seeding is 'manual'. */
export type ParticipantInput = { id: string; name: string; rating?: number; seed?: number };
/** A participant with its seed (1 = top seed). participants[] is sorted by seed. */
export type Participant = { id: string; name: string; rating: number | null; seed: number };

/**
 * Race length (racks to win) per round. byRound: winners-bracket, knockout or round-robin round
 * number (1 = first). losersByRound: losers-bracket round number. final: the single-elimination or
 * knockout final and both grand-final matches. groups: every group match of groups-knockout.
 */
export type RaceToInput = {
  default: number;
  byRound?: Record<number, number>;
  losersByRound?: Record<number, number>;
  final?: number;
  thirdPlace?: number;
  groups?: number;
};

export type BracketOptionsInput = {
  /** Single elimination / knockout: a match between the semi-final losers. Default false. */
  thirdPlace?: boolean;
  /** Double elimination: a second grand final when the losers-bracket winner takes the first. Default true. */
  grandFinalReset?: boolean;
  /** groups-knockout: number of groups (≥ 1) and how many of each go through (≥ 1). */
  groups?: number;
  advancePerGroup?: number;
  /** A number is { default: n }. Default race to 5. */
  raceTo?: RaceToInput | number;
  /** 'rating' (default): highest rating is seed 1, ties and unrated players keep the order given. 'manual': every participant carries a distinct seed 1..n. */
  seeding?: 'rating' | 'manual';
};

export type BracketOptions = {
  thirdPlace: boolean;
  grandFinalReset: boolean;
  groups: number;
  advancePerGroup: number;
  raceTo: RaceToInput;
  seeding: 'rating' | 'manual';
};

export type Section = 'winners' | 'losers' | 'grand-final' | 'third-place' | 'round-robin' | 'group' | 'knockout';

/** Where a slot's player comes from. group: the player who finishes `place` in group `group` (1-based). */
export type SlotSource =
  | { kind: 'seed'; seed: number }
  | { kind: 'bye' }
  | { kind: 'winner'; matchId: string }
  | { kind: 'loser'; matchId: string }
  | { kind: 'group'; group: number; place: number };

/** playerId null: not known yet, or a bye (bye true: nobody will ever come, the other side advances). */
export type Slot = { from: SlotSource; playerId: string | null; seed: number | null; bye: boolean };

/**
 * pending: a player is not known yet; ready: both known, can be played now; live: started
 * (startMatch); done: decided (played, walkover or bye); skipped: will never be played (two byes,
 * or a bracket reset that was not needed).
 */
export type MatchStatus = 'pending' | 'ready' | 'live' | 'done' | 'skipped';

/** played: a race finished; walkover: the loser did not show (advances like a win); bye: no opponent. */
export type MatchOutcome = 'played' | 'walkover' | 'bye';

/** score is in slot order. A bye has no loser and score [0, 0]. */
export type MatchResult = { winnerId: string; loserId: string | null; score: [number, number]; outcome: MatchOutcome };

export type BracketMatch = {
  /** Stable and readable: W1-1 (winners round 1, match 1), L3-2, GF1, GF2, P3 (third place), K2-1 (knockout), R4-2 (round robin round 4), G2-R1-1 (group 2). */
  id: string;
  section: Section;
  /** Group number (1-based) for group matches, else null. */
  group: number | null;
  round: number;
  /** 1-based position in its round, top to bottom. */
  order: number;
  raceTo: number;
  slots: [Slot, Slot];
  status: MatchStatus;
  result: MatchResult | null;
  /** Set by startMatch; true exactly while status is 'live' (a result makes the match done). */
  live: boolean;
  /** GF2 only: the id of the first grand final; this match is played only if that one's slot 1 won it. */
  resetOf: string | null;
};

export type BracketRound = { section: Section; group: number | null; round: number; name: string; raceTo: number; matchIds: string[] };

export type BracketGroup = { group: number; name: string; playerIds: string[] };

export type Bracket = {
  version: 1;
  format: BracketFormat;
  options: BracketOptions;
  participants: Participant[];
  /** groups-knockout only (empty otherwise). */
  groups: BracketGroup[];
  rounds: BracketRound[];
  /** In an order where every slot's source match comes first. */
  matches: BracketMatch[];
};

/** A report from a room or a host. score in slot order; optional for a walkover ([0, 0] then). */
export type ResultInput = { winner: string; score?: [number, number]; walkover?: boolean };

export type StandingRow = {
  playerId: string;
  seed: number;
  played: number;
  wins: number;
  losses: number;
  /** Wins against the players tied with this one on wins (the second tie-break). */
  headToHeadWins: number;
  racksWon: number;
  racksLost: number;
  rackDifference: number;
  /** 1-based position in the table. */
  position: number;
};

/** place..placeTo is the band a player shares (e.g. 5..8 for a quarter-final loser); place === placeTo when alone. */
export type FinishingPlace = { playerId: string; place: number; placeTo: number };

/** What achievements need from a finished event. */
export type FinalOutcome = {
  format: BracketFormat;
  championId: string;
  runnerUpId: string | null;
  /** The match that decided the title (GF2 after a reset); null for a round robin. */
  finalMatchId: string | null;
  /** Double elimination: the losers-bracket winner took the first grand final and a second one was played. */
  bracketReset: boolean;
  /** Matches the champion lost in the whole event (walkovers included). */
  championLosses: number;
};

export type BracketErrorCode =
  /** Too few or too many participants, duplicate or empty ids, bad ratings or manual seeds. */
  | 'bad_participants'
  /** An option is unknown, malformed or out of range (the message names it). */
  | 'bad_options'
  | 'unknown_match'
  /** A player of the match is not known yet. */
  | 'not_ready'
  /** A bye or a skipped match: nothing to play. */
  | 'not_playable'
  /** A different result was already reported (correctResult changes one). */
  | 'already_reported'
  /** correctResult on a match without a reported result. */
  | 'not_reported'
  /** The winner is not one of the match's players. */
  | 'bad_winner'
  /** Scores must be whole racks; the winner reaches the race, the loser does not (a walkover: neither). */
  | 'bad_score'
  /** A correction would change the players of a match that is live or decided. */
  | 'dependent_started'
  /** standings() on a format without a table. */
  | 'no_standings';

export class BracketError extends Error {
  constructor(readonly code: BracketErrorCode, message: string) {
    super(message);
    this.name = 'BracketError';
  }
}
