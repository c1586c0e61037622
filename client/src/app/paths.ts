// The app's addresses, in one place: what each screen's URL is, how an old `#/…` link (the first
// client's, and the table view's own "copy link" and "watch the replay") maps onto one, and how a
// replay's `?shot=N` reads. Pure: the router and the screens build links only through these.
export const paths = {
  lobby: () => '/',
  play: (roomId: string) => `/play/${encodeURIComponent(roomId)}`,
  watch: (roomId: string) => `/watch/${encodeURIComponent(roomId)}`,
  replay: (matchId: string, shot?: number) => `/replay/${encodeURIComponent(matchId)}${shot !== undefined && shot > 0 ? `?shot=${shot}` : ''}`,
  player: (userId: string) => `/players/${encodeURIComponent(userId)}`,
  leaderboard: (game?: string, page?: number) => {
    const q = new URLSearchParams();
    if (game) q.set('game', game);
    if (page && page > 1) q.set('page', String(page));
    const s = q.toString();
    return `/leaderboard${s ? `?${s}` : ''}`;
  },
  venues: () => '/venues',
  practice: (code?: string) => (code ? `/practice/${encodeURIComponent(code)}` : '/practice'),
  tournaments: () => '/tournaments',
  tournament: (id: string) => `/tournaments/${encodeURIComponent(id)}`,
  settings: () => '/settings',
  // social (issue 18)
  friends: () => '/friends',
  conversation: (userId: string) => `/messages/${encodeURIComponent(userId)}`,
  clans: () => '/clans',
  clan: (clanId: string) => `/clans/${encodeURIComponent(clanId)}`,
  notifications: () => '/notifications',
} as const;

/** Route patterns for the router (React Router syntax), one per screen. */
export const ROUTES = {
  lobby: '/',
  play: '/play/:roomId',
  watch: '/watch/:roomId',
  replay: '/replay/:matchId',
  player: '/players/:id',
  leaderboard: '/leaderboard',
  venues: '/venues',
  practice: '/practice',
  practiceAt: '/practice/:code',
  tournaments: '/tournaments',
  tournament: '/tournaments/:id',
  settings: '/settings',
  // social (issue 18)
  friends: '/friends',
  conversation: '/messages/:userId',
  clans: '/clans',
  clan: '/clans/:id',
  notifications: '/notifications',
} as const;

/**
 * An old fragment address (`#/table/ABC123`, `#/table/ID?spectate`, `#/replay/ID`, `#/practice/CODE`, `#/`) as the real
 * path it now has; null when the fragment is not one of those.
 */
export function legacyHashPath(hash: string): string | null {
  const m = /^#\/(table|replay)\/([^?/]+)(?:\?(.*))?$/.exec(hash);
  if (m) {
    const id = decodeURIComponent(m[2]!);
    if (m[1] === 'replay') return paths.replay(id);
    return new URLSearchParams(m[3] ?? '').has('spectate') ? paths.watch(id) : paths.play(id);
  }
  const practice = /^#\/practice(?:\/([\w.-]+))?$/.exec(hash);
  if (practice) return paths.practice(practice[1]);
  if (hash === '#/' || hash === '#') return paths.lobby();
  return null;
}

/** What a player types or pastes to join: a six-character code, a room id, or any link to a table. */
export function tableCodeFrom(input: string): string | null {
  const v = input.trim();
  if (!v) return null;
  const link = /(?:\/(?:play|watch)\/|#\/table\/)([^?#/\s]+)/.exec(v);
  if (link) return decodeURIComponent(link[1]!);
  if (/^[A-Za-z0-9]{6}$/.test(v)) return v.toUpperCase();
  if (/^[\w-]{4,40}$/.test(v)) return v;
  return null;
}

/** `?shot=N` of a replay: the Nth action (1-based) to open at, clamped to the log; 0 = the opening rack. */
export function shotParam(search: string, actions: number): number {
  const raw = new URLSearchParams(search).get('shot');
  const n = raw === null ? 0 : Math.floor(Number(raw));
  if (!Number.isFinite(n) || n < 0) return 0;
  return Math.min(n, actions);
}

/** Page of a paged list from `?page=N` (1-based, at least 1). */
export function pageParam(search: string): number {
  const n = Math.floor(Number(new URLSearchParams(search).get('page') ?? '1'));
  return Number.isFinite(n) && n >= 1 ? n : 1;
}
