// Entry of the browser client: a thin renderer of what the server decides. Routes:
//   #/                      the lobby
//   #/table/<roomId>        join that table (a private table's id is its code), or rejoin a held seat
//   #/table/<roomId>?spectate  watch it
//   #/replay/<matchId>      replay a recorded match
//   #/practice[/<code>]     the practice table (in the browser only), optionally at a saved position
import { createPrivate, guestName, joinTable, playComputer, quickPlay, setGuestName, type MatchRoom } from './net/rooms.ts';
import { getSession } from './net/api.ts';
import { joinProblem, type JoinProblem } from './net/join-errors.ts';
import { mountLobby } from './views/lobby.ts';
import { mountPractice } from './views/practice.ts';
import { mountReplay } from './views/replay.ts';
import { mountTable } from './views/table-2d.ts';
import { h, toast } from './views/toast.ts';

const app = document.getElementById('app')!;
let unmount: (() => void) | null = null;
let current: MatchRoom | null = null;
let onLobby = false;
let currentSpectating = false;
let currentRoute = location.hash;

/** A seated player in a match being played: leaving the table forfeits it. */
function inLiveSeat(): boolean {
  return !!current && !currentSpectating && current.state?.phase === 'playing';
}

/** The browser's back button (or an edited URL) leaving a live match asks first, like "Leave table". */
function confirmLeavingLiveSeat(): boolean {
  if (!inLiveSeat()) return true;
  if (confirm('Leave this match? Leaving the table forfeits it.')) return true;
  history.pushState(null, '', currentRoute); // stay: put the table's address back
  return false;
}

// Closing or reloading the tab holds the seat for the reconnection window; still, say so first.
window.addEventListener('beforeunload', (e) => {
  if (inLiveSeat()) e.preventDefault();
});

function show(next: () => () => void) {
  onLobby = false;
  unmount?.();
  unmount = next();
}

function name(): string {
  const s = getSession();
  if (s) return s.user.displayName || s.user.username;
  let n = guestName();
  if (!n) {
    n = `Guest ${Math.floor(1000 + Math.random() * 9000)}`;
    setGuestName(n);
  }
  return n;
}

function enter(room: MatchRoom) {
  current = room;
  currentSpectating = parseRoute().spectate;
  show(() => mountTable(app, room, { onLeave: () => goLobby(), rejoin: () => rejoin(room.roomId) }));
  const spect = parseRoute().spectate ? '?spectate' : '';
  if (parseRoute().roomId !== room.roomId) history.replaceState(null, '', `#/table/${room.roomId}${spect}`);
  currentRoute = location.hash;
}

/** Tries to join the table again for about half a minute (a restarting server restores it by id). */
async function rejoin(roomId: string): Promise<boolean> {
  const spectate = parseRoute().spectate;
  if (current?.roomId === roomId) current = null;
  for (let attempt = 0; attempt < 12; attempt++) {
    await new Promise((r) => setTimeout(r, Math.min(1000 * 2 ** attempt, 5000)));
    if (parseRoute().roomId !== roomId) return true; // navigated elsewhere meanwhile
    try {
      enter(await joinTable(roomId, name(), spectate));
      return true;
    } catch {
      /* not back yet */
    }
  }
  return false;
}

function goLobby() {
  const r = current;
  current = null;
  if (r) void r.leave(true).catch(() => undefined);
  history.replaceState(null, '', '#/');
  lobby();
}

function lobby() {
  show(() =>
    mountLobby(app, {
      quick: async (game, n) => enter(await quickPlay(game, n)),
      createPrivate: async (game, n, raceTo) => enter(await createPrivate(game, n, raceTo)),
      computer: async (game, n, lvl, raceTo) => enter(await playComputer(game, n, lvl, raceTo)),
      practice: () => void (location.hash = '#/practice'),
      join: async (code, n, spectate) => {
        history.replaceState(null, '', `#/table/${code}${spectate ? '?spectate' : ''}`);
        await openTable(code, spectate, n);
      },
      enter,
    }),
  );
  onLobby = true;
}

function parseRoute(): { roomId: string | null; spectate: boolean } {
  const m = location.hash.match(/^#\/table\/([^?]+)(\?(.*))?$/);
  if (!m) return { roomId: null, spectate: false };
  const q = new URLSearchParams(m[3] ?? '');
  return { roomId: decodeURIComponent(m[1]!), spectate: q.has('spectate') };
}

async function openTable(roomId: string, spectate: boolean, who = name()) {
  if (current?.roomId === roomId) return;
  let room: MatchRoom;
  try {
    room = await joinTable(roomId, who, spectate);
  } catch (e) {
    const problem = joinProblem(e);
    if (problem.remedy === null || (problem.remedy === 'watch' && spectate)) {
      toast(`Could not join ${roomId}: ${problem.text}`);
      history.replaceState(null, '', '#/');
      if (!unmount || !onLobby) lobby();
      return;
    }
    showJoinProblem(roomId, spectate, who, problem);
    return;
  }
  enter(room);
}

/** A refused join the player can do something about: say why, and offer it (watch, retry, log in, queue). */
function showJoinProblem(roomId: string, spectate: boolean, who: string, problem: JoinProblem) {
  const toLobby = () => {
    history.replaceState(null, '', '#/');
    lobby();
  };
  const offer: HTMLButtonElement[] = [];
  if (problem.remedy === 'watch')
    offer.push(h('button', { class: 'primary', onclick: () => (history.replaceState(null, '', `#/table/${roomId}?spectate`), void openTable(roomId, true, who)) }, 'Watch this table'));
  if (problem.remedy === 'retry') offer.push(h('button', { class: 'primary', onclick: () => void openTable(roomId, spectate, who) }, 'Try again'));
  if (problem.remedy === 'login') offer.push(h('button', { class: 'primary', onclick: toLobby }, 'Log in in the lobby'));
  if (problem.remedy === 'queue') offer.push(h('button', { class: 'primary', onclick: toLobby }, 'Ranked queue in the lobby'));
  if (problem.remedy !== 'login' && problem.remedy !== 'queue') offer.push(h('button', { onclick: toLobby }, 'Lobby'));
  show(() => {
    app.replaceChildren(h('div', { class: 'lobby join-problem' }, h('h2', {}, `Could not join table ${roomId}`), h('p', {}, problem.text), h('div', { class: 'row' }, ...offer)));
    return () => undefined;
  });
}

async function route() {
  const r0 = parseRoute();
  if (current && r0.roomId !== current.roomId && !confirmLeavingLiveSeat()) return;
  currentRoute = location.hash;
  const practice = location.hash.match(/^#\/practice(?:\/([\w.-]+))?$/);
  if (practice) {
    if (current) {
      const old = current;
      current = null;
      void old.leave(true).catch(() => undefined);
    }
    show(() => mountPractice(app, practice[1] ?? null, () => goLobby()));
    return;
  }
  const replay = location.hash.match(/^#\/replay\/([\w-]+)/);
  if (replay) {
    if (current) {
      const old = current;
      current = null;
      void old.leave(true).catch(() => undefined);
    }
    show(() => mountReplay(app, replay[1]!, () => goLobby()));
    return;
  }
  const r = parseRoute();
  if (r.roomId) {
    if (current?.roomId === r.roomId) return;
    if (current) {
      const old = current;
      current = null;
      void old.leave(true).catch(() => undefined);
    }
    await openTable(r.roomId, r.spectate).catch(() => undefined);
  } else if (current) goLobby();
  else if (!unmount || !onLobby) lobby();
}

window.addEventListener('hashchange', () => void route());
void route();
