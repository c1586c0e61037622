// Join errors as players read them: the room's code (shared/protocol's parseJoinError) picks a sentence
// and what the player can do next — watch a full table, retry a server that is briefly away, log in,
// or queue for ranked — instead of the server's raw text. Pure: the views decide how to offer it.
import { parseJoinError, type JoinErrorCode } from '@dojopool/shared/protocol/join.ts';

/** What the player can do about it; null when nothing but going back helps. */
export type JoinRemedy = 'watch' | 'retry' | 'login' | 'queue' | null;
export type JoinProblem = { code: JoinErrorCode | 'unknown'; text: string; remedy: JoinRemedy };

const PROBLEMS: Record<JoinErrorCode, { text: string; remedy: JoinRemedy }> = {
  bad_options: { text: 'The table does not accept these settings', remedy: null },
  needs_account: { text: 'This needs an account: log in or register first', remedy: 'login' },
  unauthorized: { text: 'Your session has expired: log in again', remedy: 'login' },
  ranked_via_queue: { text: 'Ranked matches are made by the ranked queue: join it from the lobby', remedy: 'queue' },
  tournament_via_service: { text: 'Tournament matches are set up by the tournament: open yours from its bracket', remedy: null },
  reserved: { text: 'This table is reserved for the players who were paired for it', remedy: 'watch' },
  table_full: { text: 'Both seats at this table are taken', remedy: 'watch' },
  already_seated: { text: 'You already sit at this table (in another tab or window)', remedy: null },
  spectators_full: { text: 'This table has as many spectators as it takes: try again later', remedy: 'retry' },
  bad_seat_key: { text: 'Your seat at this table could not be reclaimed', remedy: 'watch' },
  not_found: { text: 'No such table (it may have finished): check the code', remedy: null },
  unavailable: { text: 'The server is briefly unavailable', remedy: 'retry' },
  shutting_down: { text: 'The server is restarting', remedy: 'retry' },
};

/** Reads a failed join (the SDK's MatchMakeError, or anything thrown) as a player-readable problem. */
export function joinProblem(e: unknown): JoinProblem {
  const raw = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
  // The matchmaker itself (not the room) answers an unknown or closed room id, in its own words.
  if (/^room ".*" not found/i.test(raw) || (e as { code?: unknown } | null)?.code === 4212) return { code: 'not_found', ...PROBLEMS.not_found };
  const { code, message } = parseJoinError(raw);
  if (code !== 'unknown' && Object.prototype.hasOwnProperty.call(PROBLEMS, code)) {
    const p = PROBLEMS[code];
    // Option errors name the option: that detail is for the player too.
    return { code, text: code === 'bad_options' && message ? `${p.text}: ${message}` : p.text, remedy: p.remedy };
  }
  return { code: 'unknown', text: raw || 'Could not join the table', remedy: null };
}
