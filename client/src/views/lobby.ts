// The lobby: who you are (a guest name, or an account), and the ways to a table — quick casual play,
// a private table with a code to share, joining or watching by code, the ranked queue — plus the
// leaderboard. It only gathers choices; main.ts turns them into a room and the table view.
import { GAME_KINDS, gameLabel, isGameKind } from '@dojopool/shared/rules/registry.ts';
import type { GameKind } from '@dojopool/shared/rules/types.ts';
import { ApiError, getSession, leaderboard, login, logout, myDrills, playerMatches, register } from '../net/api.ts';
import { joinProblem } from '../net/join-errors.ts';
import { guestName, rankedQueue, setGuestName, type MatchRoom, type QueueHandle, type QueueStatus } from '../net/rooms.ts';
import { BOT_LEVELS } from '@dojopool/shared/bot/levels.ts';
import { h, toast } from './toast.ts';

/** The games the lobby offers (quick play, private table, ranked queue): the registry's, in its order. */
export function gameChoices(): { value: GameKind; label: string }[] {
  return GAME_KINDS.map((kind) => ({ value: kind, label: gameLabel(kind) }));
}

/** The queue line: how many wait, and once the queue reports it, the wait and the rating window. */
export function queueText(s: QueueStatus): string {
  const parts = [`${s.waiting} waiting`];
  if (s.waitedS !== undefined) parts.push(`${Math.floor(s.waitedS)} s`);
  if (s.window !== undefined) parts.push(`opponents within ±${Math.round(s.window)} rating`);
  return `In the ${s.game ? `${gameLabel(s.game)} ` : ''}queue (${parts.join(' · ')})…`;
}

export type LobbyActions = {
  quick(game: GameKind, name: string): Promise<void>;
  createPrivate(game: GameKind, name: string, raceTo: number): Promise<void>;
  computer(game: GameKind, name: string, level: string, raceTo: number): Promise<void>;
  practice(): void;
  join(code: string, name: string, spectate: boolean): Promise<void>;
  enter(room: MatchRoom): void;
};

export function mountLobby(root: HTMLElement, actions: LobbyActions): () => void {
  let queue: QueueHandle | null = null;
  let disposed = false;

  const nameInput = h('input', { value: guestName(), maxlength: '24', placeholder: 'Your name', required: true });
  const game = h('select', { class: 'game-choice' }, ...gameChoices().map((c) => h('option', { value: c.value }, c.label)));
  const chosenGame = (): GameKind => {
    const v = game.value;
    return isGameKind(v) ? v : GAME_KINDS[0]!;
  };
  const race = h('select', {}, ...[1, 3, 5, 7].map((n) => h('option', { value: String(n) }, `race to ${n}`)));
  const level = h('select', {}, ...BOT_LEVELS.map((l) => h('option', { value: l, ...(l === 'casual' ? { selected: true } : {}) }, `computer: ${l}`)));
  const code = h('input', { maxlength: '40', placeholder: 'ABC123', class: 'code-input' });
  const queueStatus = h('span', { class: 'muted' });
  const board = h('tbody');
  const identity = h('div', { class: 'identity' });

  const currentName = () => {
    const s = getSession();
    if (s) return s.user.displayName || s.user.username;
    const n = nameInput.value.trim();
    if (n) setGuestName(n);
    return n;
  };
  const needName = () => {
    if (currentName()) return false;
    toast('Enter a name first');
    nameInput.focus();
    return true;
  };
  const busy = async (btn: HTMLButtonElement, f: () => Promise<void>) => {
    btn.disabled = true;
    try {
      await f();
    } catch (e) {
      toast(errorText(e));
    } finally {
      btn.disabled = false;
    }
  };

  const loginForm = authForm('Log in', [['login', 'Username or email', 'text'], ['password', 'Password', 'password']], async (v) => {
    await login(v.login!, v.password!);
    renderIdentity();
  });
  const registerForm = authForm('Create account', [['username', 'Username', 'text'], ['email', 'Email', 'email'], ['password', 'Password (10+ characters)', 'password']], async (v) => {
    await register(v.username!, v.email!, v.password!);
    renderIdentity();
  });

  function renderIdentity() {
    const s = getSession();
    if (s) {
      const recent = h('div', { class: 'recent' });
      const drills = h('div', { class: 'muted' });
      identity.replaceChildren(
        h('p', {}, 'Playing as ', h('b', {}, s.user.displayName || s.user.username), s.user.rating ? ` · rating ${Math.round(Number(s.user.rating))}` : ''),
        h('button', { onclick: async () => (await logout(), renderIdentity()) }, 'Log out'),
        drills,
        recent,
      );
      // Best practice-drill runs (the practice table sends each finished run; the server scores it).
      myDrills().then(
        (r) => void (drills.textContent = r.drills.length ? `Drills: ${r.drills.map((d) => `${d.drill} ${d.best}/5 (${d.runs} run${d.runs === 1 ? '' : 's'})`).join(' · ')}` : ''),
        () => undefined,
      );
      // Recent finished matches, each with its replay.
      playerMatches(s.user.id, 8).then(
        (r) => {
          if (!r.matches.length) return;
          recent.replaceChildren(h('h3', {}, 'Recent matches'), ...r.matches.map((m) =>
            h('div', { class: 'row' },
              h('span', {}, `${m.result === 'win' ? 'Won' : m.result === 'loss' ? 'Lost' : m.result ?? ''} vs ${m.opponent?.name ?? '?'} · ${gameLabel(m.game)} ${m.mode} · ${(m.score ?? []).join('–')}${m.ratingChange ? ` · ${m.ratingChange > 0 ? '+' : ''}${m.ratingChange}` : ''}`),
              h('a', { href: `#/replay/${m.id}` }, 'replay'),
            )));
        },
        () => undefined,
      );
    } else {
      identity.replaceChildren(
        h('label', {}, 'Guest name ', nameInput),
        h('details', {}, h('summary', {}, 'Log in or register (needed for ranked play)'), h('div', { class: 'auth-forms' }, loginForm, registerForm)),
      );
    }
    rankedBtn.disabled = !s;
  }

  const quickBtn = h('button', { class: 'primary', onclick: () => !needName() && busy(quickBtn, () => actions.quick(chosenGame(), currentName())) }, 'Quick play');
  const privBtn = h('button', { onclick: () => !needName() && busy(privBtn, () => actions.createPrivate(chosenGame(), currentName(), Number(race.value))) }, 'Create private table');
  const computerBtn = h('button', { onclick: () => !needName() && busy(computerBtn, () => actions.computer(chosenGame(), currentName(), level.value, Number(race.value))) }, 'Play the computer');
  const joinBtn = h('button', { onclick: () => !needName() && codeOk() && busy(joinBtn, () => actions.join(normCode(), currentName(), false)) }, 'Join');
  const watchBtn = h('button', { onclick: () => codeOk() && busy(watchBtn, () => actions.join(normCode(), currentName() || 'spectator', true)) }, 'Watch');
  const cancelQueue = h('button', { class: 'hidden', onclick: () => stopQueue() }, 'Leave queue');
  const rankedBtn = h('button', {
    onclick: () =>
      busy(rankedBtn, async () => {
        queue = await rankedQueue(chosenGame(), (s) => (queueStatus.textContent = queueText(s)));
        queueStatus.textContent = 'In the queue…';
        cancelQueue.classList.remove('hidden');
        rankedBtn.classList.add('hidden');
        queue.done.then(
          (room) => {
            queue = null;
            if (!disposed) actions.enter(room);
          },
          (e) => {
            if (!disposed && queue) toast(errorText(e));
            resetQueueUi();
          },
        );
      }),
  }, 'Ranked queue');

  const normCode = () => {
    // Accept a pasted link as well as a bare code.
    const v = code.value.trim();
    const m = v.match(/#\/table\/([^?/\s]+)/);
    return m ? m[1]! : v.toUpperCase().length === 6 ? v.toUpperCase() : v;
  };
  const codeOk = () => {
    if (normCode()) return true;
    toast('Enter a table code');
    return false;
  };
  function resetQueueUi() {
    queue = null;
    queueStatus.textContent = '';
    cancelQueue.classList.add('hidden');
    rankedBtn.classList.remove('hidden');
  }
  function stopQueue() {
    const q = queue;
    resetQueueUi();
    q?.cancel();
  }

  root.replaceChildren(
    h('div', { class: 'lobby' },
      h('h1', {}, 'DojoPool'),
      h('section', {}, h('h2', {}, 'You'), identity),
      h('section', {},
        h('h2', {}, 'Play'),
        h('div', { class: 'row' }, game, quickBtn),
        h('div', { class: 'row' }, race, privBtn),
        h('div', { class: 'row' }, level, computerBtn, h('button', { onclick: () => actions.practice() }, 'Practice table')),
        h('div', { class: 'row' }, code, joinBtn, watchBtn),
        h('div', { class: 'row' }, rankedBtn, cancelQueue, queueStatus),
      ),
      h('section', {}, h('h2', {}, 'Leaderboard'), h('table', { class: 'board' }, h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, 'Player'), h('th', {}, 'Rating'), h('th', {}, 'Wins'))), board)),
    ),
  );
  renderIdentity();
  leaderboard(20).then(
    (r) => board.replaceChildren(...(r.players.length ? r.players.map((p) => h('tr', {}, h('td', {}, String(p.rank)), h('td', {}, p.displayName || p.username), h('td', {}, String(p.rating)), h('td', {}, `${p.wins}/${p.matches}`))) : [h('tr', {}, h('td', { colspan: '4', class: 'muted' }, 'No rated players yet'))])),
    () => board.replaceChildren(h('tr', {}, h('td', { colspan: '4', class: 'muted' }, 'Leaderboard unavailable'))),
  );

  return () => {
    disposed = true;
    queue?.cancel();
  };
}

function authForm(title: string, fields: [string, string, string][], submit: (v: Record<string, string>) => Promise<void>) {
  const inputs = fields.map(([name, label, type]) => h('input', { name, placeholder: label, type, required: true, autocomplete: type === 'password' ? 'current-password' : name }));
  const btn = h('button', { type: 'submit' }, title);
  return h('form', {
    class: 'auth',
    onsubmit: async (e: Event) => {
      e.preventDefault();
      btn.disabled = true;
      try {
        await submit(Object.fromEntries(inputs.map((i) => [i.name, i.value])));
      } catch (err) {
        toast(errorText(err));
      } finally {
        btn.disabled = false;
      }
    },
  }, h('h3', {}, title), ...inputs, btn);
}

/** A failure as the player reads it: REST errors carry their message; a refused join reads by its code. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return e instanceof Error || typeof e === 'string' ? joinProblem(e).text : String(e);
}
