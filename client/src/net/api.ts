// REST calls to the same origin, with the access token, one automatic refresh on 401, and the
// session (user, access and refresh tokens) kept in localStorage so a reload stays logged in.
export type User = { id: string; username: string; displayName?: string | null; rating?: number; [k: string]: unknown };
export type Session = { user: User; accessToken: string; refreshToken: string };
export type ApiErrorBody = { error?: { code?: string; message?: string; fields?: Record<string, string> } };

const KEY = 'dojopool.session';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly fields?: Record<string, string>) {
    super(message);
  }
}

let session: Session | null = load();
const listeners = new Set<(s: Session | null) => void>();

function load(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

function save(s: Session | null) {
  session = s;
  try {
    if (s) localStorage.setItem(KEY, JSON.stringify(s));
    else localStorage.removeItem(KEY);
  } catch {
    /* private mode: keep it in memory only */
  }
  for (const f of listeners) f(s);
}

export const getSession = () => session;
export const onSession = (f: (s: Session | null) => void) => (listeners.add(f), () => listeners.delete(f));

// Whether the server answered the last request: the shell's connection banner listens.
const reachListeners = new Set<(reachable: boolean) => void>();
export const onReachability = (f: (reachable: boolean) => void) => (reachListeners.add(f), () => reachListeners.delete(f));
let reachable = true;
function setReachable(r: boolean) {
  if (r === reachable) return;
  reachable = r;
  for (const f of reachListeners) f(r);
}

async function raw(method: string, path: string, body?: unknown, token?: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  try {
    const res = await fetch(`/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    setReachable(res.status !== 502 && res.status !== 504);
    return res;
  } catch (e) {
    setReachable(false);
    throw e;
  }
}

/** Asks the server whether it is there (GET /healthz); updates the reachability the shell shows. */
export async function probeServer(): Promise<boolean> {
  try {
    const ok = (await fetch('/healthz', { cache: 'no-store' })).ok;
    setReachable(ok);
    return ok;
  } catch {
    setReachable(false);
    return false;
  }
}

async function parse<T>(res: Response): Promise<T> {
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const e = (data as ApiErrorBody | null)?.error;
    const fields = e?.fields ? ' (' + Object.entries(e.fields).map(([k, v]) => `${k} ${v}`).join('; ') + ')' : '';
    throw new ApiError(res.status, e?.code ?? `http_${res.status}`, (e?.message ?? res.statusText ?? 'request failed') + fields, e?.fields);
  }
  return data as T;
}

let refreshing: Promise<boolean> | null = null;

/** Trades the refresh token for new tokens; concurrent callers share one request (tokens rotate). */
export function refresh(): Promise<boolean> {
  if (!session) return Promise.resolve(false);
  refreshing ??= (async () => {
    try {
      const s = await parse<Session>(await raw('POST', '/auth/refresh', { refreshToken: session!.refreshToken }));
      save({ user: s.user, accessToken: s.accessToken, refreshToken: s.refreshToken });
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) save(null);
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** A JSON request; with a session the access token goes along and a 401 triggers one refresh and retry. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res = await raw(method, path, body, session?.accessToken);
  if (res.status === 401 && session && (await refresh())) res = await raw(method, path, body, session?.accessToken);
  return parse<T>(res);
}

/** A fresh enough access token for joining a room (refreshed when it is within a minute of expiry). */
export async function accessToken(): Promise<string | undefined> {
  if (!session) return undefined;
  const exp = jwtExpiry(session.accessToken);
  if (exp !== null && exp * 1000 - Date.now() < 60_000) await refresh();
  return session?.accessToken;
}

function jwtExpiry(token: string): number | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    return typeof payload.exp === 'number' ? payload.exp : null;
  } catch {
    return null;
  }
}

export async function login(loginName: string, password: string): Promise<Session> {
  const s = await parse<Session>(await raw('POST', '/auth/login', { login: loginName, password }));
  save({ user: s.user, accessToken: s.accessToken, refreshToken: s.refreshToken });
  return s;
}

export async function register(username: string, email: string, password: string): Promise<Session> {
  const s = await parse<Session>(await raw('POST', '/auth/register', { username, email, password }));
  save({ user: s.user, accessToken: s.accessToken, refreshToken: s.refreshToken });
  return s;
}

export async function logout(): Promise<void> {
  const s = session;
  save(null);
  if (s) await raw('POST', '/auth/logout', { refreshToken: s.refreshToken }).catch(() => undefined);
}

export type LeaderboardRow = { rank: number; userId: string; username: string; displayName: string | null; rating: number; ratedGames: number; matches: number; wins: number };
export const leaderboard = (o: { limit?: number; offset?: number; game?: string } = {}) => {
  const q = new URLSearchParams({ limit: String(o.limit ?? 20), offset: String(o.offset ?? 0) });
  if (o.game) q.set('game', o.game);
  return api<{ players: LeaderboardRow[] }>('GET', `/leaderboard?${q}`);
};
export const playerRank = (userId: string) => api<{ rank: number | null; rating: number | null }>('GET', `/players/${encodeURIComponent(userId)}/rank`);

export type MyMatch = { id: string; game: string; mode: string; score: number[]; seat: number; result: string | null; forfeit: boolean; opponent: { userId?: string | null; name: string | null }; ratingChange: number | null; finishedAt: string };
/** The signed-in player's best practice-drill runs (stages made), per drill. */
export const myDrills = () => api<{ drills: { drill: string; best: number; runs: number }[] }>('GET', '/me/drills');
export const playerMatches = (userId: string, limit = 10) => api<{ matches: MyMatch[] }>('GET', `/players/${encodeURIComponent(userId)}/matches?limit=${limit}`);

export type PublicPlayer = { id: string; username: string; displayName: string | null; avatarColor: string | null; rating: number; matches: number; wins: number; achievements: { id: string; unlockedAt: string }[] };
export const publicPlayer = (id: string) => api<{ player: PublicPlayer }>('GET', `/players/${encodeURIComponent(id)}`);
export const ratingHistory = (id: string, game?: string) =>
  api<import('@dojopool/shared/protocol/rest.ts').RatingHistoryResponse>('GET', `/players/${encodeURIComponent(id)}/rating-history${game ? `?game=${game}` : ''}`);
export const liveTables = () => api<import('@dojopool/shared/protocol/rest.ts').LiveTablesResponse>('GET', '/live-tables');

export type Me = { id: string; username: string; email: string; displayName: string | null; roles: string[]; rating: number; ratedGames: number; locationSharing: boolean; location: { lat: number; lon: number } | null; totpEnabled: boolean };
/** The signed-in user, fresh from the server; the stored session's user is updated with it (the rating shown stays current). */
export async function refreshMe(): Promise<Me | null> {
  if (!session) return null;
  const { user } = await api<{ user: Me }>('GET', '/me');
  if (session) save({ ...session, user: { ...session.user, ...user } });
  return user;
}

export type Venue = { id: string; name: string; address: string; lat: number; lon: number; tables: number; distanceKm?: number };
export const nearbyVenues = (lat: number, lon: number, radiusKm: number) =>
  api<{ venues: Venue[]; radiusKm: number }>('GET', `/venues?lat=${lat.toFixed(5)}&lon=${lon.toFixed(5)}&radiusKm=${radiusKm}&limit=200`);

let clientConfig: Promise<{ mapboxToken: string | null }> | null = null;
export const getClientConfig = () => (clientConfig ??= api<{ mapboxToken: string | null }>('GET', '/client-config').catch((e) => ((clientConfig = null), Promise.reject(e))));
