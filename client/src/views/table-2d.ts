// The 2D table view: draws what the room's synced state says, animates each 'shot' broadcast by
// re-simulating it, and turns pointer gestures into intents (aim, shot, place, choose, concede, chat).
// Nothing here decides a rule: the server validates every intent and answers errors as toasts.
//
// Gestures (when it is your turn): move the pointer to aim (the cue ball → pointer direction); press
// and pull back away from the target to set power (0.3–12 m/s), release to shoot; a press without a
// pull does nothing. With ball in hand, click where the cue ball goes. Where the game's call rule asks
// for a call (the money ball in 8-ball, every shot after the break in 10-ball) the obvious call is
// pre-filled from the aim and drawn on the table; a click on a ball, then on a pocket, changes it, and
// a Safety toggle declares a safety instead. ←/→ fine-tune the aim, Esc cancels a stroke, Space skips
// a replay.
import { fitCanvasToStage } from './canvas-fit.ts';
import { ACHIEVEMENTS } from '@dojopool/shared/achievements/achievements.ts';
import { standardTable } from '@dojopool/shared/physics/table.ts';
import { AIM_BROADCAST_INTERVAL_MS, type FinishedMessage, type WelcomeMessage } from '@dojopool/shared/protocol/index.ts';
import { gameDef, gameLabel, isGameKind, type GameDef } from '@dojopool/shared/rules/registry.ts';
import type { MatchStateSchema } from '@dojopool/shared/state/match-state.ts';
import { aimGuide } from '../input/aim-guide.ts';
import {
  aimAngle, fitTable, pocketAt, powerFraction, powerFromDrag, pullBack, screenToTable, spinFromWidget, tableToScreen,
  throttleAllows, type Layout, type Point,
} from '../input/mapping.ts';
import { ballAt, buildShot, callAfterClick, callNeed, suggestCall, type Call, type CallNeed } from '../input/shot-call.ts';
import { onServerMessage, rememberSeatKey, sendIntent, type MatchRoom } from '../net/rooms.ts';
import { optionLabel, pendingChoices, pocketName, pushOutOffered } from './choices.ts';
import { ballColour, drawBall, drawTable, type DrawBall } from './draw-table.ts';
import { animateShot, playbackTime, type ShotAnimation } from './shot-animation.ts';
import { ClockSkew } from './shot-clock.ts';
import { h, toast } from './toast.ts';

const table = standardTable('9ft');
const R = table.ballRadius;

export type TableViewOptions = {
  onLeave: () => void;
  /** Rejoins the same table after the connection is lost for good; resolves false when it gives up. */
  rejoin: () => Promise<boolean>;
};

export function mountTable(root: HTMLElement, room: MatchRoom, opts: TableViewOptions): () => void {
  let welcome: WelcomeMessage | null = null;
  let anim: { a: ShotAnimation; t0: number } | null = null;
  let layout: Layout = fitTable({ width: 1, height: 1 }, table.length, table.width, 1);
  let aim = 0;
  let pointer: Point | null = null;
  let drag: { start: Point; angle: number; moved: boolean } | null = null;
  let speed: number | null = null;
  let spin = { side: 0, vertical: 0 };
  // A call the player made by clicking (a ball, then a pocket); until then the view suggests one.
  let manualCall: Call | null = null;
  // Ball in hand starts in aiming mode (the cue ball is already on a legal spot); 'Move cue ball'
  // switches to placing, and a new ball in hand after a shot starts in placing mode.
  let placing = false;
  let opponentAim: { seat: number; angle: number; at: number } | null = null;
  let lastAimSent: number | null = null;
  let aimTimer: ReturnType<typeof setTimeout> | null = null;
  let finished: FinishedMessage | null = null;
  let disposed = false;
  let lastReasonSeq = -1;
  // Between sending a stroke and its broadcast (or error): no second stroke can be sent by accident.
  let awaitingShot = false;
  let strokeCount = 0;
  const skew = new ClockSkew();
  let lastDeadline = 0;
  let lastShot: { duration: number; at: number } | null = null;

  // room.state exists (with empty fields) before the first full state arrives: wait for onStateChange.
  let ready = false;
  const st = (): MatchStateSchema | undefined => (ready ? room.state : undefined);
  const mySeat = () => (welcome?.role === 'player' ? welcome.seat : null);
  const def = (): GameDef | null => {
    const g = st()?.game;
    return g !== undefined && isGameKind(g) ? gameDef(g) : null;
  };
  const myTurn = () => {
    const s = st();
    const seat = mySeat();
    return !!s && seat !== null && s.phase === 'playing' && s.turn === seat && s.winner < 0;
  };
  const balls = (): DrawBall[] => Array.from(st()?.balls ?? [], (b) => ({ id: b.id, x: b.x, y: b.y, pocketed: b.pocketed }));
  const cueBall = () => balls().find((b) => b.id === 0 && !b.pocketed) ?? null;
  const choices = () => pendingChoices(st()?.options ?? []);
  const canShoot = () => myTurn() && !anim && !awaitingShot && choices().length === 0 && !!cueBall();
  const isPlacing = () => canShoot() && !!st()?.ballInHand && placing;
  const pushOutNow = () => {
    const s = st();
    return !!s && pushOutOffered(s.options, s.pushOutAvailable);
  };
  /** What this player's next shot must carry (nothing unless it is their shot). */
  const need = (): CallNeed => {
    const s = st();
    const g = def();
    const seat = mySeat();
    if (!s || !g || seat === null || !myTurn()) return 'none';
    return callNeed({ game: g, isBreak: s.isBreak, group: s.players[seat]?.group ?? '', balls: balls() });
  };
  const guideNow = () => {
    const cue = cueBall();
    return cue ? aimGuide(cue, drag ? drag.angle : aim, balls(), R, table.length, table.width) : null;
  };
  /** The call the next shot carries: the player's own, else the obvious one for the current aim. */
  const currentCall = (): Call | null => {
    const n = need();
    if (n === 'none') return null;
    if (manualCall && balls().some((b) => b.id === manualCall!.ball && !b.pocketed)) return manualCall;
    const g = def()!;
    return suggestCall(n, g.lowestFirst, g.moneyBall, balls(), guideNow(), table.pockets);
  };
  /** The call is shown unless the shot is declared a safety or a push out. */
  const declaring = () => (pushOutNow() && pushOut.checked ? 'push-out' : need() === 'ball-and-pocket' && safety.checked ? 'safety' : 'call');

  // ---- DOM --------------------------------------------------------------------------------------
  const canvas = h('canvas', { class: 'table-canvas', tabindex: '0' });
  const banner = h('div', { class: 'banner hidden' });
  const stage = h('div', { class: 'stage' }, canvas, banner);
  const seatsEl = h('div', { class: 'seats' });
  const statusEl = h('div', { class: 'status' });
  const trayEl = h('div', { class: 'tray', title: 'Object balls: pocketed ones are faded' });
  const reasonEl = h('div', { class: 'reason' });
  const infoEl = h('div', { class: 'info' });
  const spinCanvas = h('canvas', { class: 'spin', width: 72, height: 72, title: 'Cue tip: click to set spin, double-click to reset' });
  const powerFill = h('div', { class: 'power-fill' });
  const powerText = h('span', { class: 'power-text' }, 'pull back to shoot');
  const pushOut = h('input', { type: 'checkbox' });
  const pushOutLabel = h('label', { class: 'pushout hidden' }, pushOut, ' Push out');
  const safety = h('input', { type: 'checkbox' });
  const safetyLabel = h('label', { class: 'safety hidden', title: 'Declare a safety: no ball is called, and the turn passes' }, safety, ' Safety');
  const callEl = h('div', { class: 'call' });
  const moveCue = h('button', { class: 'hidden', onclick: () => { placing = true; updateHud(); } }, 'Move cue ball');
  const optionsEl = h('div', { class: 'options' });
  const skipBtn = h('button', { class: 'hidden', onclick: () => skip() }, 'Skip replay (Space)');
  const concedeRack = h('button', { onclick: () => confirm('Concede this rack?') && sendIntent(room, 'concede', { scope: 'rack' }) }, 'Concede rack');
  const concedeMatch = h('button', { onclick: () => confirm('Resign the whole match?') && sendIntent(room, 'concede', { scope: 'match' }) }, 'Resign');
  const leaveBtn = h('button', {
    onclick: () => {
      const s = st();
      const live = mySeat() !== null && s?.phase === 'playing' && s.winner < 0;
      if (!live || confirm('Leave this match? Leaving the table forfeits it.')) void leave();
    },
  }, 'Leave table');
  const chatLog = h('div', { class: 'chat-log' });
  const chatInput = h('input', { placeholder: 'Say something…', maxlength: '280' });
  const chatForm = h('form', {
    class: 'chat-form',
    onsubmit: (e: Event) => {
      e.preventDefault();
      const text = chatInput.value.trim();
      if (text) sendIntent(room, 'chat', { text });
      chatInput.value = '';
    },
  }, chatInput);
  const view = h('div', { class: 'table-view' },
    h('header', { class: 'hud' }, seatsEl, trayEl, statusEl, callEl, reasonEl),
    stage,
    h('footer', { class: 'controls' },
      h('div', { class: 'control-group' }, spinCanvas, h('div', { class: 'power' }, h('div', { class: 'power-bar' }, powerFill), powerText)),
      h('div', { class: 'control-group' }, pushOutLabel, safetyLabel, moveCue, optionsEl, skipBtn),
      h('div', { class: 'control-group' }, concedeRack, concedeMatch, leaveBtn),
    ),
    h('aside', { class: 'side' }, infoEl, h('div', { class: 'chat' }, chatLog, chatForm)),
  );
  root.replaceChildren(view);
  const ctx = canvas.getContext('2d')!;

  // ---- room events ------------------------------------------------------------------------------
  onServerMessage(room, 'welcome', (w) => {
    welcome = w;
    skew.observeServerTime(w.serverNow, Date.now());
    if (w.role === 'player' && w.seatKey) rememberSeatKey(room.roomId, w.seatKey);
    updateHud();
  });
  onServerMessage(room, 'shot', (msg) => {
    opponentAim = null;
    placing = true;
    drag = null;
    speed = null;
    manualCall = null;
    pushOut.checked = false;
    safety.checked = false;
    lastShot = { duration: msg.duration, at: Date.now() };
    awaitingShot = false;
    try {
      anim = { a: animateShot(msg, table), t0: performance.now() };
    } catch {
      anim = null;
    }
    if (msg.stroke.miscue) toast('Miscue!', 'info', 2000);
    updateHud();
  });
  onServerMessage(room, 'aim', (m) => (opponentAim = { ...m, at: performance.now() }));
  onServerMessage(room, 'error', (e) => {
    toast(e.message || e.code);
    if (e.intent === 'place') placing = true;
    if (e.intent === 'shot') awaitingShot = false;
  });
  onServerMessage(room, 'chat', (m) => {
    const time = new Date(m.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    chatLog.append(h('div', { class: `chat-line seat${m.seat}` }, h('span', { class: 'chat-time' }, time), ' ', h('b', {}, m.name), ': ', m.text));
    chatLog.scrollTop = chatLog.scrollHeight;
  });
  onServerMessage(room, 'started', () => toast('The match has started', 'info', 2500));
  onServerMessage(room, 'computer_countdown', (m) => toast(`Nobody here yet: the computer (${m.level}) takes the other seat in ${m.seconds} s unless someone joins`, 'info', 4000));
  onServerMessage(room, 'timeout', (m) => toast(`${playerName(m.seat)} ran out of time`, 'info'));
  onServerMessage(room, 'finished', (m) => {
    // A pending result (not stored yet) is replaced by the stored one when it follows.
    if (finished && !finished.pending && m.pending) return;
    finished = m;
    updateHud();
  });
  room.onStateChange(() => {
    ready = true;
    const s = room.state;
    if (s.shotClock > 0 && s.shotClock !== lastDeadline) {
      // A clock armed right after a shot includes that shot's duration.
      const extraS = lastShot && Date.now() - lastShot.at < 2000 ? lastShot.duration : 0;
      skew.observe(s.shotClock, s.shotClockS, extraS, Date.now());
    }
    lastDeadline = s.shotClock;
    updateHud();
  });
  // The SDK retries its reconnection token for ~12 s; after that (a restarted server no longer knows
  // the token) onLeave fires and the view rejoins the table by id with the seat key instead.
  room.reconnection.maxRetries = 8;
  room.reconnection.maxDelay = 3000;
  room.onDrop(() => showBanner('Connection lost — reconnecting…'));
  room.onReconnect(() => {
    hideBanner();
    toast('Reconnected', 'info', 2000);
  });
  room.onLeave((code: number) => {
    if (disposed) return;
    if (code === 4000 || finished || st()?.phase === 'finished') return;
    // The SDK's own reconnection gave up (e.g. the server restarted): rejoin the table by id, which
    // reclaims the seat with the stored seat key or the account token.
    showBanner('Connection lost — rejoining the table…');
    void opts.rejoin().then((ok) => {
      if (!ok && !disposed)
        showBanner('Could not rejoin the table.', [h('button', { onclick: () => location.reload() }, 'Try again'), h('button', { onclick: () => opts.onLeave() }, 'Lobby')]);
    });
  });
  room.onError((code: number, message?: string) => toast(`Room error ${code}: ${message ?? ''}`));

  function playerName(seat: number) {
    return st()?.players[seat]?.name || `Player ${seat + 1}`;
  }

  function showBanner(text: string, actions: HTMLElement[] = []) {
    banner.replaceChildren(h('div', {}, text), h('div', { class: 'banner-actions' }, ...actions));
    banner.classList.remove('hidden');
  }
  function hideBanner() {
    banner.classList.add('hidden');
  }

  async function leave() {
    disposed = true;
    try {
      await room.leave(true);
    } catch {
      /* already gone */
    }
    opts.onLeave();
  }

  function skip() {
    if (anim) anim = null;
    updateHud();
  }

  // ---- HUD --------------------------------------------------------------------------------------
  function updateHud() {
    const s = st();
    if (!s) return;
    const seat = mySeat();
    const g = def();
    seatsEl.replaceChildren(
      ...[0, 1].map((i) => {
        const p = s.players[i];
        const group = p?.group ? ` · ${p.group}` : '';
        const fouls = g?.threeFoulRule && p?.fouls ? ` · ${p.fouls} foul${p.fouls > 1 ? 's' : ''}` : '';
        return h('div', { class: `seat ${s.turn === i && s.phase === 'playing' ? 'active' : ''} ${p && !p.connected ? 'away' : ''}` },
          h('span', { class: 'name' }, p?.name || 'waiting…', seat === i ? ' (you)' : '', p?.computer ? ' · computer' : ''),
          p?.rating ? h('span', { class: 'rating' }, ` ${p.rating}`) : null,
          h('span', { class: 'meta' }, group + fouls + (p && !p.connected ? ' · disconnected' : '')),
          h('span', { class: 'score' }, String(s.score[i] ?? 0)),
        );
      }),
    );
    // The object balls, pocketed ones faded; in rotation games the lowest on the table is marked.
    const objs = Array.from(s.balls).filter((b) => b.id > 0).sort((a, b) => a.id - b.id);
    const lowest = objs.find((b) => !b.pocketed)?.id;
    trayEl.replaceChildren(...objs.map((b) => {
      const c = ballColour(b.id);
      const bg = b.id >= 9 ? `linear-gradient(#f4f1e6 0 25%, ${c} 25% 75%, #f4f1e6 75%)` : c;
      return h('span', { class: `tray-ball${b.pocketed ? ' down' : ''}${g?.lowestFirst && b.id === lowest ? ' on' : ''}`, style: `background:${bg}` }, String(b.id));
    }));
    let status = '';
    if (s.phase === 'waiting') status = s.privateCode ? `Waiting for an opponent — share code ${s.privateCode}` : 'Waiting for an opponent…';
    else if (s.phase === 'finished' || s.winner >= 0) status = `${playerName(s.winner)} wins the match`;
    else if (anim) status = 'Shot in progress…';
    else if (choices().length) status = myTurn() ? 'Your choice:' : `${playerName(s.turn)} is choosing…`;
    else {
      status = myTurn() ? 'Your shot' : `${playerName(s.turn)} to shoot`;
      if (s.ballInHand) status += s.ballInHand === 'kitchen' ? ' · ball in hand behind the head string' : ' · ball in hand';
      if (s.isBreak) status += ' · break';
      else if (s.openTable) status += ' · open table';
    }
    statusEl.textContent = status;
    if (s.shotSeq !== lastReasonSeq || !anim) reasonEl.textContent = anim ? '' : (s.foul ? `Foul: ${s.foul}. ` : '') + (s.reason || '');
    if (!anim) lastReasonSeq = s.shotSeq;
    infoEl.replaceChildren(...[
      h('div', {}, `${gameLabel(s.game)} · ${s.mode} · race to ${s.raceTo} · rack ${s.rack}`),
      h('div', {}, `Spectators: ${s.spectators}`),
      s.privateCode ? h('div', {}, 'Code: ', h('b', { class: 'code' }, s.privateCode), ' ', h('button', { onclick: () => copyLink() }, 'Copy link')) : null,
      welcome?.role === 'spectator' ? h('div', { class: 'muted' }, 'You are watching.') : null,
    ].filter((x): x is HTMLDivElement => x !== null));
    // Controls visible only to the player whose turn it is.
    const mine = myTurn() && !anim;
    optionsEl.replaceChildren(...(mine ? choices().map((o) => h('button', { class: 'primary', onclick: () => sendIntent(room, 'choose', { option: o }) }, optionLabel(o))) : []));
    pushOutLabel.classList.toggle('hidden', !(mine && choices().length === 0 && pushOutNow()));
    safetyLabel.classList.toggle('hidden', !(mine && choices().length === 0 && need() === 'ball-and-pocket'));
    moveCue.classList.toggle('hidden', !(mine && !!s.ballInHand && !placing));
    skipBtn.classList.toggle('hidden', !anim);
    const seated = seat !== null && s.phase === 'playing';
    concedeRack.classList.toggle('hidden', !seated || s.raceTo <= 1);
    concedeMatch.classList.toggle('hidden', !seated);
    chatForm.classList.toggle('hidden', seat === null);
    if (finished && !anim) {
      const me = seat;
      const title = me === null ? `${playerName(finished.winner)} wins` : finished.winner === me ? 'You win!' : 'You lose';
      const lines: HTMLElement[] = [h('div', {}, `${finished.score[0]} – ${finished.score[1]}${finished.forfeit ? ' (forfeit)' : ''}`)];
      if (finished.pending) lines.push(h('div', { class: 'muted' }, 'Saving the result…'));
      for (const r of finished.ratings) lines.push(h('div', {}, `${playerName(r.seat)}: ${r.before} → ${r.after}`));
      for (const a of finished.achievements)
        if (a.ids.length) lines.push(h('div', {}, `${playerName(a.seat)} unlocked: ${a.ids.map((id) => ACHIEVEMENTS.find((x) => x.id === id)?.name ?? id).join(', ')}`));
      const matchId = finished.matchId || s.matchId;
      showBanner(title, ([
        h('div', { class: 'finish' }, ...lines),
        matchId ? h('button', { onclick: () => ((disposed = true), void room.leave(true).catch(() => undefined), (location.hash = `#/replay/${matchId}`)) }, 'Watch the replay') : null,
        h('button', { onclick: () => void leave() }, 'Back to lobby'),
      ] as (HTMLElement | null)[]).filter((x): x is HTMLElement => x !== null));
    }
  }

  /** The line under the status saying what the next shot carries (refreshed every frame: it follows the aim). */
  function describeCall(): string {
    if (!canShoot() || isPlacing()) return '';
    const d = declaring();
    if (d === 'push-out') return 'Push out: no call needed; your opponent then chooses who shoots';
    const n = need();
    if (n === 'none') return '';
    if (d === 'safety') return 'Safety declared: no call';
    const call = currentCall();
    if (!call) return n === 'money-ball' ? `Click a pocket to call the ${def()?.moneyBall}` : 'Click a ball, then a pocket, to call the shot';
    const how = n === 'money-ball' ? 'click a pocket to change it' : 'click a ball, then a pocket, to change it';
    return `Calling the ${call.ball} in the ${pocketName(call.pocket)}${manualCall ? '' : ' (suggested)'} · ${how}`;
  }

  function copyLink() {
    const url = `${location.origin}/#/table/${room.roomId}`;
    void navigator.clipboard?.writeText(url).then(() => toast('Link copied', 'info', 1500), () => toast(url, 'info', 8000));
  }

  // ---- input ------------------------------------------------------------------------------------
  const tablePoint = (e: PointerEvent): Point => {
    const r = canvas.getBoundingClientRect();
    return screenToTable(layout, { x: e.clientX - r.left, y: e.clientY - r.top });
  };

  function sendAim(force = false) {
    if (!canShoot()) return;
    const now = performance.now();
    if (force || throttleAllows(lastAimSent, now, AIM_BROADCAST_INTERVAL_MS)) {
      lastAimSent = now;
      sendIntent(room, 'aim', { angle: aim });
      if (aimTimer) clearTimeout(aimTimer), (aimTimer = null);
    } else if (!aimTimer) {
      // Trailing send so the opponent sees where the aim settled.
      aimTimer = setTimeout(() => {
        aimTimer = null;
        sendAim(true);
      }, AIM_BROADCAST_INTERVAL_MS - (now - (lastAimSent ?? 0)));
    }
  }

  canvas.addEventListener('pointermove', (e) => {
    pointer = tablePoint(e);
    if (!canShoot() || isPlacing()) return;
    const cue = cueBall()!;
    if (drag) {
      const pulled = pullBack(drag.angle, drag.start, pointer);
      if (pulled > 0.005) drag.moved = true;
      speed = powerFromDrag(pulled);
    } else {
      aim = aimAngle(cue, pointer);
      sendAim();
    }
  });
  canvas.addEventListener('pointerleave', () => (pointer = null));
  canvas.addEventListener('pointerdown', (e) => {
    canvas.focus();
    if (anim) return skip();
    if (!canShoot()) return;
    const p = tablePoint(e);
    if (isPlacing()) {
      sendIntent(room, 'place', { x: p.x, y: p.y });
      placing = false;
      updateHud();
      return;
    }
    canvas.setPointerCapture(e.pointerId);
    aim = aimAngle(cueBall()!, p);
    drag = { start: p, angle: aim, moved: false };
    speed = null;
    sendAim(true);
  });
  canvas.addEventListener('pointerup', () => {
    if (!drag) return;
    const d = drag;
    drag = null;
    const v = speed;
    speed = null;
    if (!d.moved && canShoot()) return clickCall(d);
    if (!d.moved || v === null || !canShoot()) return;
    shoot(d.angle, v);
  });

  /** A click (no pull) on a ball or a pocket changes the call (the aim follows the pointer as always). */
  function clickCall(d: { start: Point }) {
    const n = need();
    if (n === 'none' || declaring() === 'push-out') return;
    const click = { ball: ballAt(balls(), d.start, R), pocket: pocketAt(table.pockets, d.start)?.id ?? null };
    const next = callAfterClick(n, currentCall(), click, balls(), guideNow(), table.pockets);
    if (!next) return;
    manualCall = next;
    safety.checked = false;
    updateHud();
  }
  const onKey = (e: KeyboardEvent) => {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
    if (e.key === ' ' && anim) return e.preventDefault(), skip();
    if (e.key === 'Escape') return (drag = null), (speed = null);
    if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && canShoot() && !drag) {
      e.preventDefault();
      aim += (e.key === 'ArrowLeft' ? 1 : -1) * (e.shiftKey ? 0.02 : 0.002);
      sendAim();
    }
  };
  window.addEventListener('keydown', onKey);

  function shoot(angle: number, v: number) {
    const s = st();
    if (!s) return;
    const built = buildShot({ angle, speed: v, ...spin }, need(), { call: currentCall(), safety: safety.checked, pushOut: pushOut.checked }, pushOutNow());
    if ('problem' in built) return toast(built.problem);
    sendIntent(room, 'shot', built.intent);
    awaitingShot = true;
    // Never stay locked if neither answer arrives (e.g. the connection drops meanwhile).
    const mine = ++strokeCount;
    setTimeout(() => mine === strokeCount && (awaitingShot = false), 5000);
  }

  // Spin selector: click or drag on the little cue ball; double-click resets.
  const setSpin = (e: PointerEvent | MouseEvent) => {
    const r = spinCanvas.getBoundingClientRect();
    const rad = r.width / 2 - 4;
    spin = spinFromWidget(e.clientX - r.left - r.width / 2, e.clientY - r.top - r.height / 2, rad);
    drawSpin();
  };
  spinCanvas.addEventListener('pointerdown', (e) => (spinCanvas.setPointerCapture(e.pointerId), setSpin(e)));
  spinCanvas.addEventListener('pointermove', (e) => e.buttons && setSpin(e));
  spinCanvas.addEventListener('dblclick', () => ((spin = { side: 0, vertical: 0 }), drawSpin()));
  function drawSpin() {
    const c = spinCanvas.getContext('2d')!;
    const w = spinCanvas.width;
    const rad = w / 2 - 4;
    c.clearRect(0, 0, w, w);
    c.fillStyle = '#f4f1e6';
    c.beginPath();
    c.arc(w / 2, w / 2, rad, 0, Math.PI * 2);
    c.fill();
    c.strokeStyle = 'rgba(0,0,0,0.25)';
    c.setLineDash([3, 3]);
    c.beginPath();
    c.arc(w / 2, w / 2, rad, 0, Math.PI * 2);
    c.stroke();
    c.setLineDash([]);
    c.fillStyle = '#c62828';
    c.beginPath();
    // The widget's rim is the miscue-safe limit (0.5 R).
    c.arc(w / 2 + (spin.side / 0.5) * rad, w / 2 - (spin.vertical / 0.5) * rad, 5, 0, Math.PI * 2);
    c.fill();
  }
  drawSpin();

  // ---- sizing and the frame loop ----------------------------------------------------------------
  const stopFitting = fitCanvasToStage(stage, canvas, table, (l) => (layout = l));

  let raf = 0;
  let lastClock = -1;
  const frame = () => {
    if (disposed) return;
    raf = requestAnimationFrame(frame);
    const s = st();
    drawTable(ctx, layout, table);
    let shown: DrawBall[] = balls();
    if (anim) {
      const { t, done } = playbackTime(performance.now() - anim.t0, anim.a.duration);
      if (done) {
        anim = null;
        updateHud();
      } else shown = anim.a.at(t);
    }
    for (const b of shown) if (!b.pocketed) drawBall(ctx, layout, R, b);
    if (s && !anim) drawOverlay(s);
    // Shot clock: refresh the status once a second.
    // Quick play: the countdown to the computer taking the empty seat (the room's state.computerAt).
    const waitS = s && s.phase === 'waiting' && s.computerAt > 0 ? skew.secondsLeft(s.computerAt, Date.now()) : -1;
    const secs = s && s.phase === 'playing' ? skew.secondsLeft(s.shotClock, Date.now()) : waitS >= 0 ? 1000 + waitS : -1;
    if (secs !== lastClock) {
      lastClock = secs;
      clockEl.textContent = secs >= 1000 ? `nobody yet: the computer joins in ${secs - 1000}s` : secs >= 0 ? `shot clock ${secs}s` : '';
      clockEl.classList.toggle('urgent', secs >= 0 && secs <= 10);
    }
    const callText = s && !anim ? describeCall() : '';
    if (callText !== callEl.textContent) callEl.textContent = callText;
    powerFill.style.width = `${Math.round((speed === null ? 0 : powerFraction(speed)) * 100)}%`;
    powerText.textContent = speed === null ? (canShoot() ? 'press and pull back to shoot' : '') : `${speed.toFixed(1)} m/s`;
  };
  const clockEl = h('span', { class: 'clock' });
  statusEl.after(clockEl);
  raf = requestAnimationFrame(frame);

  function drawOverlay(s: MatchStateSchema) {
    const cue = cueBall();
    const seat = mySeat();
    // Ball in hand: a ghost cue ball under the pointer.
    if (isPlacing() && pointer) {
      drawBall(ctx, layout, R, { id: 0, x: pointer.x, y: pointer.y }, 0.5);
      return;
    }
    if (canShoot() && declaring() === 'call') drawCall(currentCall());
    if (!cue) return;
    if (canShoot()) {
      const angle = drag ? drag.angle : aim;
      drawGuide(cue, angle, 'rgba(255,255,255,0.8)', true);
      drawCue(cue, angle, speed === null ? 0 : 0.02 + powerFraction(speed) * 0.25);
    } else if (opponentAim && s.phase === 'playing' && opponentAim.seat === s.turn && opponentAim.seat !== seat) {
      drawGuide(cue, opponentAim.angle, 'rgba(255,200,120,0.6)', false);
      drawCue(cue, opponentAim.angle, 0.02);
    }
  }

  /** The call: a ring on the ball, a ring on the pocket, a faint line between them. */
  function drawCall(call: Call | null) {
    if (!call) return;
    const p = table.pockets.find((k) => k.id === call.pocket);
    const b = balls().find((x) => x.id === call.ball && !x.pocketed);
    if (!p || !b) return;
    const q = tableToScreen(layout, p);
    const c = tableToScreen(layout, b);
    ctx.strokeStyle = '#ffd54f';
    ctx.lineWidth = 3;
    ctx.beginPath();
    ctx.arc(q.x, q.y, p.radius * layout.scale * 1.2, 0, Math.PI * 2);
    ctx.stroke();
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(c.x, c.y, R * layout.scale * 1.6, 0, Math.PI * 2);
    ctx.stroke();
    ctx.strokeStyle = 'rgba(255,213,79,0.35)';
    ctx.setLineDash([2, 6]);
    ctx.beginPath();
    ctx.moveTo(c.x, c.y);
    ctx.lineTo(q.x, q.y);
    ctx.stroke();
    ctx.setLineDash([]);
  }

  function drawGuide(cue: DrawBall, angle: number, colour: string, ghost: boolean) {
    const g = aimGuide(cue, angle, balls(), R, table.length, table.width);
    const a = tableToScreen(layout, cue);
    const b = tableToScreen(layout, g.end);
    ctx.strokeStyle = colour;
    ctx.lineWidth = 1.5;
    ctx.setLineDash([6, 5]);
    ctx.beginPath();
    ctx.moveTo(a.x, a.y);
    ctx.lineTo(b.x, b.y);
    ctx.stroke();
    ctx.setLineDash([]);
    if (!ghost) return;
    ctx.beginPath();
    ctx.arc(b.x, b.y, R * layout.scale, 0, Math.PI * 2);
    ctx.stroke();
    if (g.objectAngle !== null) {
      const len = 0.25 * layout.scale;
      ctx.strokeStyle = 'rgba(255,255,255,0.45)';
      ctx.beginPath();
      const o = tableToScreen(layout, { x: g.end.x + Math.cos(g.objectAngle) * 2 * R, y: g.end.y + Math.sin(g.objectAngle) * 2 * R });
      ctx.moveTo(o.x, o.y);
      ctx.lineTo(o.x + Math.cos(g.objectAngle) * len, o.y - Math.sin(g.objectAngle) * len);
      ctx.stroke();
    }
  }

  function drawCue(cue: DrawBall, angle: number, gap: number) {
    const back = { x: -Math.cos(angle), y: -Math.sin(angle) };
    const tip = tableToScreen(layout, { x: cue.x + back.x * (R + gap), y: cue.y + back.y * (R + gap) });
    const butt = tableToScreen(layout, { x: cue.x + back.x * (R + gap + 1.2), y: cue.y + back.y * (R + gap + 1.2) });
    const grad = ctx.createLinearGradient(tip.x, tip.y, butt.x, butt.y);
    grad.addColorStop(0, '#e8e2d0');
    grad.addColorStop(0.02, '#d9b77a');
    grad.addColorStop(0.7, '#8a5a2b');
    grad.addColorStop(1, '#2b1a0d');
    ctx.strokeStyle = grad;
    ctx.lineCap = 'round';
    ctx.lineWidth = Math.max(2, 0.013 * layout.scale);
    ctx.beginPath();
    ctx.moveTo(tip.x, tip.y);
    ctx.lineTo(butt.x, butt.y);
    ctx.stroke();
    ctx.lineCap = 'butt';
  }

  updateHud();
  return () => {
    disposed = true;
    cancelAnimationFrame(raf);
    stopFitting();
    window.removeEventListener('keydown', onKey);
    if (aimTimer) clearTimeout(aimTimer);
  };
}
