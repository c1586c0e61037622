// Who is joining a match room: an account (by access token, checked against its session state) or a
// guest (casual tables only, by a display name). Every refusal carries a join error code
// (shared/protocol/join.ts). A database that cannot be reached is an outage (503 'unavailable'), never
// an "invalid token".
import { ServerError } from '@colyseus/core';
import { formatJoinError, JoinRefusal, parseJoinOptions, type ClientJoinOptions, type JoinErrorCode } from '@dojopool/shared';
import { authenticateAccess } from '../http/auth.ts';
import { DEPENDENCY_RETRY_AFTER_S, dependencyDown, outageLogFields } from '../services/dependency-errors.ts';
import { TokenError } from '../services/tokens.ts';
import { roomServices } from './room-services.ts';

export type MatchAuth = { userId: string | null; name: string; rating: number };

export function joinError(status: number, code: JoinErrorCode, message: string): ServerError {
  return new ServerError(status, formatJoinError(code, message));
}

/** Parses client options, turning a refusal into a coded join error. */
export function clientOptions(raw: unknown): ClientJoinOptions {
  try {
    return parseJoinOptions(raw);
  } catch (e) {
    if (e instanceof JoinRefusal) throw joinError(e.status, e.code, e.message);
    throw e;
  }
}

export async function authenticateJoin(token: string | undefined, raw: unknown, opts: { accountOnly?: string } = {}): Promise<MatchAuth> {
  const o = clientOptions(raw);
  const bearer = token || o.token;
  if (bearer) {
    const { config, database, log } = roomServices();
    try {
      const claims = await authenticateAccess(config, database, bearer);
      const user = await database.db.selectFrom('users').select(['rating', 'display_name']).where('id', '=', claims.userId).executeTakeFirst();
      if (!user) throw new TokenError('token_invalid', 'the account no longer exists');
      return { userId: claims.userId, name: user.display_name || claims.username, rating: user.rating };
    } catch (e) {
      if (e instanceof TokenError) throw joinError(401, 'unauthorized', `invalid access token: ${e.message}`);
      const dep = dependencyDown(e);
      if (!dep) throw e; // our bug: Colyseus answers it as a server error and logs it
      log.warn(outageLogFields(e), 'join refused: dependency unavailable');
      throw joinError(503, 'unavailable', `the ${dep} is briefly unavailable: try again in ${DEPENDENCY_RETRY_AFTER_S} s`);
    }
  }
  if (opts.accountOnly) throw joinError(401, 'needs_account', opts.accountOnly);
  const name = o.name ?? (o.spectate ? 'spectator' : '');
  if (!name) throw joinError(400, 'bad_options', 'guests need a display name of 1–24 letters, digits, spaces, _ . or -');
  return { userId: null, name, rating: 0 };
}
