// The table a player or spectator sees in a match room: the room's synced state and its `shot`
// broadcasts go through the table model (model.ts, trajectory.ts) into a renderer (PixiJS 2D by
// default, three.js 3D when chosen, loaded only then); pointer, touch and keys become intents through
// the pure input code. Nothing here decides a rule: the server validates every intent.
//
// Gestures on your turn: move the pointer to aim; press, pull back away from the target and release to
// shoot (a press without a pull changes the call, or nothing). With ball in hand, press ON the cue ball
// and drag it where it goes (the hand cursor); a press anywhere else aims as usual, so placing never
// takes a stroke. Phones: the strip under the table turns the aim finely, the power slider shoots on
// release. ←/→ fine-tune the aim, Esc cancels a stroke, Space skips the animation.
import { ACHIEVEMENTS } from '@dojopool/shared/achievements/achievements.ts';
import { standardTable, type Table } from '@dojopool/shared/physics/table.ts';
import { AimBatcher, AimPlayback, type FinishedMessage, type WelcomeMessage } from '@dojopool/shared/protocol/index.ts';
import { gameDef, gameLabel, isGameKind, type GameDef } from '@dojopool/shared/rules/registry.ts';
import { aimGuide } from '../input/aim-guide.ts';
import { aimAngle, pocketAt, powerFraction, powerFromDrag, pullBack, spinFromWidget, type Point } from '../input/mapping.ts';
import { ballAt, buildShot, callAfterClick, callNeed, suggestCall, type Call, type CallNeed } from '../input/shot-call.ts';
import { fineAim, sliderSpeed } from '../input/touch.ts';
import { onServerMessage, rememberSeatKey, sendIntent, type MatchRoom } from '../net/rooms.ts';
import { optionLabel, pocketName } from '../views/choices.ts';
import { ClockSkew } from '../views/shot-clock.ts';
import { h, toast } from '../views/toast.ts';
import { allowed, hudOf, liveWhileHolding, OutcomeGate, plainReason, rulingBanner, type Banner, type HudState } from './model.ts';
import { UPRIGHT, type Quat } from './quat.ts';
import { afterContact, ballColour, type Scene, type TableRenderer } from './renderer.ts';
import { loadSettings, saveSettings, type TableSettings } from './settings.ts';
import { TableSound } from './sound.ts';
import { buildTrajectory, playback, type BallFrame, type Trajectory } from './trajectory.ts';

const table = standardTable('9ft');
const R = table.ballRadius;

export type TableViewOptions = {
  onLeave: () => void;
  /** Rejoins the same table after the connection is lost for good; resolves false when it gives up. */
  rejoin: () => Promise<boolean>;
};

/** Creates the renderer for a view; three.js is imported only when the 3D view is chosen. */
export async function createRenderer(kind: '2d' | '3d', host: HTMLElement, on: Table = table): Promise<TableRenderer> {
  if (kind === '3d') {
    const { createThreeRenderer } = await import('./three-renderer.ts');
    return createThreeRenderer(host, on);
  }
  // PixiJS in its own chunk; if WebGL does not come up in time, the plain Canvas 2D table stands in.
  const pixi = import('./pixi-renderer.ts').then(({ createPixiRenderer }) => createPixiRenderer(host, on));
  const late = new Promise<null>((resolve) => setTimeout(() => resolve(null), 15000));
  const first = await Promise.race([pixi.catch((e: unknown) => (console.warn('PixiJS could not start:', e), null)), late]);
  if (first) return first;
  void pixi.then((r) => r.destroy(), () => undefined);
  const { createCanvasRenderer } = await import('./canvas-renderer.ts');
  return createCanvasRenderer(host, on);
}

/** Keeps each ball's orientation between shots (the server syncs positions only). */
export class Orientations {
  private q = new Map<number, Quat>();
  get(id: number): Quat {
    return this.q.get(id) ?? UPRIGHT;
  }
  setAll(frames: readonly BallFrame[]): void {
    for (const b of frames) this.q.set(b.id, b.q);
  }
  reset(): void {
    this.q.clear();
  }
}

export function mountTable(root: HTMLElement, room: MatchRoom, opts: TableViewOptions): () => void {
  let settings: TableSettings = loadSettings();
  let welcome: WelcomeMessage | null = null;
  let anim: { a: Trajectory; t0: number } | null = null;
  let aim = 0;
  let pointer: Point | null = null;
  let drag: { start: Point; angle: number; moved: boolean } | null = null;
  let placeDrag: Point | null = null;
  let speed: number | null = null;
  let spin = { side: 0, vertical: 0 };
  let manualCall: Call | null = null;
  // The opponent's live aim arrives in batches and plays back smoothly (shared/protocol/aim.ts).
  let opponentAim: { seat: number } | null = null;
  const aimPlayback = new AimPlayback();
  const aimBatcher = new AimBatcher();
  let aimTimer: ReturnType<typeof setTimeout> | null = null;
  let finished: FinishedMessage | null = null;
  let disposed = false;
  let awaitingShot = false;
  let strokeCount = 0;
  let banner: Banner | null = null;
  let bannerTimer: ReturnType<typeof setTimeout> | null = null;
  let lastShown: HudState | null = null;
  let lastRack = 0;
  const skew = new ClockSkew();
  let lastDeadline = 0;
  let lastShot: { duration: number; at: number } | null = null;
  const gate = new OutcomeGate<HudState>(liveWhileHolding);
  const orientations = new Orientations();
  const sound = new TableSound();
  sound.enabled = settings.sound;
  let renderer: TableRenderer | null = null;

  let ready = false;
  const st = () => (ready ? room.state : undefined);
  const shown = () => gate.shown();
  const mySeat = () => (welcome?.role === 'player' ? welcome.seat : null);
  const def = (): GameDef | null => {
    const g = st()?.game;
    return g !== undefined && isGameKind(g) ? gameDef(g) : null;
  };
  const restBalls = (): BallFrame[] => Array.from(st()?.balls ?? [], (b) => ({ id: b.id, x: b.x, y: b.y, pocketed: b.pocketed, q: orientations.get(b.id) }));
  const cueBall = () => restBalls().find((b) => b.id === 0 && !b.pocketed) ?? null;
  const can = () => allowed({ seat: mySeat(), hud: anim ? null : shown(), animating: !!anim, awaitingShot, cueOnTable: !!cueBall() });
  const need = (): CallNeed => {
    const s = st();
    const g = def();
    const seat = mySeat();
    if (!s || !g || seat === null || !can().aim) return 'none';
    return callNeed({ game: g, isBreak: s.isBreak, group: s.players[seat]?.group ?? '', balls: restBalls() });
  };
  const guideNow = () => {
    const cue = cueBall();
    return cue ? aimGuide(cue, drag ? drag.angle : aim, restBalls(), R, table.length, table.width) : null;
  };
  const currentCall = (): Call | null => {
    const n = need();
    if (n === 'none') return null;
    if (manualCall && restBalls().some((b) => b.id === manualCall!.ball && !b.pocketed)) return manualCall;
    const g = def()!;
    return suggestCall(n, g.lowestFirst, g.moneyBall, restBalls(), guideNow(), table.pockets);
  };
  const declaring = () => (can().pushOut && pushOut.checked ? 'push-out' : need() === 'ball-and-pocket' && safety.checked ? 'safety' : 'call');

  // ---- DOM --------------------------------------------------------------------------------------
  const host = h('div', { class: 'renderer-host' });
  const bannerEl = h('div', { class: 'banner hidden' });
  const rulingEl = h('div', { class: 'ruling hidden', role: 'status' });
  const skipBtn = h('button', { class: 'shot-skip hidden', onclick: () => skip() }, 'Skip ▶▶');
  const stage = h('div', { class: 'stage' }, host, rulingEl, skipBtn, bannerEl);
  const seatsEl = h('div', { class: 'seats' });
  const statusEl = h('div', { class: 'status' });
  const clockRing = h('div', { class: 'clock-ring hidden', title: 'Shot clock' });
  const waitEl = h('span', { class: 'clock' });
  const trayEl = h('div', { class: 'tray', title: 'Pocketed balls' });
  const reasonEl = h('div', { class: 'reason' });
  const infoEl = h('div', { class: 'info' });
  const spinCanvas = h('canvas', { class: 'spin', width: 72, height: 72, title: 'Cue tip: click to set spin, double-click to reset' });
  const powerFill = h('div', { class: 'power-fill' });
  const powerText = h('span', { class: 'power-text' }, '');
  const powerSlider = h('div', { class: 'power-slider', title: 'Drag to set power, release to shoot' }, h('div', { class: 'power-slider-fill' }), h('span', {}, 'power'));
  const fineStrip = h('div', { class: 'fine-aim', title: 'Drag to turn the aim finely' }, h('span', {}, '◀ fine aim ▶'));
  const pushOut = h('input', { type: 'checkbox' });
  const pushOutLabel = h('label', { class: 'pushout hidden' }, pushOut, ' Push out');
  const safety = h('input', { type: 'checkbox' });
  const safetyLabel = h('label', { class: 'safety hidden', title: 'Declare a safety: no ball is called, and the turn passes' }, safety, ' Safety');
  const callEl = h('div', { class: 'call' });
  const optionsEl = h('div', { class: 'options' });
  const viewBtn = h('button', { class: 'view-toggle', onclick: () => void switchView(settings.view === '2d' ? '3d' : '2d') });
  const camBtn = h('button', { class: 'camera-toggle hidden', onclick: () => (renderer as { cycleCamera?: () => void } | null)?.cycleCamera?.() }, 'Camera');
  const soundBtn = h('button', { class: 'sound-toggle', onclick: () => setSound(!settings.sound) });
  const aidsBtn = h('button', { class: 'aids-toggle', onclick: () => updateSettings({ aids: !settings.aids }) });
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
  const playerControls = h('div', { class: 'control-group player-controls' }, spinCanvas, h('div', { class: 'power' }, h('div', { class: 'power-bar' }, powerFill), powerText), powerSlider, fineStrip);
  const view = h('div', { class: 'table-view' },
    h('header', { class: 'hud' }, seatsEl, clockRing, trayEl, statusEl, waitEl, callEl, reasonEl),
    stage,
    h('footer', { class: 'controls' },
      playerControls,
      h('div', { class: 'control-group' }, pushOutLabel, safetyLabel, optionsEl),
      h('div', { class: 'control-group settings' }, viewBtn, camBtn, soundBtn, aidsBtn),
      h('div', { class: 'control-group' }, concedeRack, concedeMatch, leaveBtn),
    ),
    h('aside', { class: 'side' }, infoEl, h('div', { class: 'chat' }, chatLog, chatForm)),
  );
  root.replaceChildren(view);

  function updateSettings(patch: Partial<TableSettings>) {
    settings = { ...settings, ...patch };
    saveSettings(settings);
    viewBtn.textContent = settings.view === '2d' ? '3D view' : '2D view';
    soundBtn.textContent = settings.sound ? 'Sound on' : 'Sound off';
    soundBtn.setAttribute('aria-pressed', String(settings.sound));
    aidsBtn.textContent = settings.aids ? 'Aim aids on' : 'Aim aids off';
    camBtn.classList.toggle('hidden', settings.view !== '3d');
  }
  function setSound(on: boolean) {
    sound.setEnabled(on);
    updateSettings({ sound: on });
  }
  updateSettings({});

  // ---- renderer ---------------------------------------------------------------------------------
  let switching = 0;
  async function switchView(kind: '2d' | '3d') {
    const mine = ++switching;
    updateSettings({ view: kind });
    try {
      const next = await createRenderer(kind, host);
      if (disposed || mine !== switching) return next.destroy();
      renderer?.destroy();
      renderer = next;
      fit();
    } catch (e) {
      toast(`The ${kind.toUpperCase()} view could not start: ${(e as Error).message}`);
      if (kind === '3d') void switchView('2d');
    }
  }
  const fit = () => {
    drawnKey = null;
    const r = host.getBoundingClientRect();
    renderer?.resize(r.width, r.height, window.devicePixelRatio || 1);
  };
  const ro = new ResizeObserver(fit);
  ro.observe(host);
  void switchView(settings.view);

  // ---- room events ------------------------------------------------------------------------------
  onServerMessage(room, 'welcome', (w) => {
    welcome = w;
    skew.observeServerTime(w.serverNow, Date.now());
    if (w.role === 'player' && w.seatKey) rememberSeatKey(room.roomId, w.seatKey);
    updateHud();
  });
  onServerMessage(room, 'shot', (msg) => {
    opponentAim = null;
    aimPlayback.clear();
    aimBatcher.reset();
    drag = null;
    placeDrag = null;
    speed = null;
    manualCall = null;
    pushOut.checked = false;
    safety.checked = false;
    lastShot = { duration: msg.duration, at: Date.now() };
    awaitingShot = false;
    hideRuling();
    gate.shotStarted();
    try {
      const a = buildTrajectory(msg, table, (id) => orientations.get(id));
      anim = { a, t0: performance.now() };
      sound.playShot(a.sounds);
    } catch {
      anim = null;
      gate.rested();
    }
    if (msg.stroke.miscue) toast('Miscue!', 'info', 2000);
    updateHud();
  });
  onServerMessage(room, 'aim', (m) => {
    opponentAim = { seat: m.seat };
    aimPlayback.push(m, performance.now());
  });
  onServerMessage(room, 'error', (e) => {
    toast(e.message || e.code);
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
    if (finished && !finished.pending && m.pending) return;
    finished = m;
    updateHud();
  });
  room.onStateChange(() => {
    ready = true;
    const s = room.state;
    if (s.shotClock > 0 && s.shotClock !== lastDeadline) {
      const extraS = lastShot && Date.now() - lastShot.at < 2000 ? lastShot.duration : 0;
      skew.observe(s.shotClock, s.shotClockS, extraS, Date.now());
    }
    lastDeadline = s.shotClock;
    if (s.rack !== lastRack) {
      // A new rack: the balls are racked afresh, numbers up.
      if (lastRack !== 0) orientations.reset();
      lastRack = s.rack;
    }
    gate.state(hudOf(s));
    updateHud();
  });
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
    showBanner('Connection lost — rejoining the table…');
    void opts.rejoin().then((ok) => {
      if (!ok && !disposed)
        showBanner('Could not rejoin the table.', [h('button', { onclick: () => location.reload() }, 'Try again'), h('button', { onclick: () => opts.onLeave() }, 'Lobby')]);
    });
  });
  room.onError((code: number, message?: string) => toast(`Room error ${code}: ${message ?? ''}`));

  function playerName(seat: number) {
    return shown()?.players[seat]?.name || `Player ${seat + 1}`;
  }
  function showBanner(text: string, actions: HTMLElement[] = []) {
    bannerEl.replaceChildren(h('div', {}, text), h('div', { class: 'banner-actions' }, ...actions));
    bannerEl.classList.remove('hidden');
  }
  function hideBanner() {
    bannerEl.classList.add('hidden');
  }
  function showRuling(b: Banner) {
    banner = b;
    const why = b.why ? h('details', { class: 'why' }, h('summary', {}, 'why?'), h('span', { class: 'why-text' }, b.why)) : null;
    rulingEl.replaceChildren(h('div', { class: 'ruling-title' }, b.title), ...(b.text ? [h('div', { class: 'ruling-text' }, b.text)] : []), ...(why ? [why] : []));
    rulingEl.className = `ruling ${b.kind}`;
    if (bannerTimer) clearTimeout(bannerTimer);
    bannerTimer = setTimeout(hideRuling, b.kind === 'foul' ? 6000 : 4500);
  }
  function hideRuling() {
    banner = null;
    rulingEl.className = 'ruling hidden';
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

  /** The balls rest (the animation ended or was skipped): keep their orientations, show the outcome. */
  function rest() {
    if (!anim) return;
    orientations.setAll(anim.a.final());
    anim = null;
    sound.stop();
    gate.rested();
    updateHud();
  }
  function skip() {
    rest();
  }

  // ---- HUD --------------------------------------------------------------------------------------
  function updateHud() {
    const s = shown();
    if (!s) return;
    const seat = mySeat();
    const g = def();
    const c = can();
    // A ruling banner once per new ruling, when it is shown (after the balls rest).
    if (lastShown && s.shotSeq !== lastShown.shotSeq && !gate.holding) {
      const b = rulingBanner(lastShown, s);
      if (b) showRuling(b);
    }
    lastShown = s;
    seatsEl.replaceChildren(
      ...[0, 1].map((i) => {
        const p = s.players[i];
        const group = p?.group ? ` · ${p.group}` : '';
        const fouls = g?.threeFoulRule && p?.fouls ? ` · ${p.fouls} foul${p.fouls > 1 ? 's' : ''}` : '';
        return h('div', { class: `seat ${s.turn === i && s.phase === 'playing' && !anim ? 'active' : ''} ${p && !p.connected ? 'away' : ''}` },
          h('span', { class: 'name' }, p?.name || 'waiting…', seat === i ? ' (you)' : '', p?.computer ? ' · computer' : ''),
          p?.rating ? h('span', { class: 'rating' }, ` ${p.rating}`) : null,
          h('span', { class: 'meta' }, group + fouls + (p && !p.connected ? ' · disconnected' : '')),
          h('span', { class: 'score' }, String(s.score[i] ?? 0)),
        );
      }),
    );
    const lowest = s.tray.find((b) => !b.pocketed)?.id;
    trayEl.replaceChildren(...s.tray.map((b) => {
      const col = ballColour(b.id);
      const bg = b.id >= 9 ? `linear-gradient(#f4f1e6 0 25%, ${col} 25% 75%, #f4f1e6 75%)` : col;
      return h('span', { class: `tray-ball${b.pocketed ? ' down' : ''}${g?.lowestFirst && b.id === lowest ? ' on' : ''}`, style: `background:${bg}`, 'data-ball': String(b.id) }, String(b.id));
    }));
    let status = '';
    if (s.phase === 'waiting') status = s.privateCode ? `Waiting for an opponent — share code ${s.privateCode}` : 'Waiting for an opponent…';
    else if (anim) status = 'Shot in progress…';
    else if (s.phase === 'finished' || s.winner >= 0) status = `${playerName(s.winner)} wins the match`;
    else if (c.choose.length) status = 'Your choice:';
    else if (s.options.length && s.turn !== seat && s.options.some((o) => o !== 'push-out')) status = `${playerName(s.turn)} is choosing…`;
    else {
      status = s.turn === seat ? 'Your shot' : `${playerName(s.turn)} to shoot`;
      if (s.ballInHand && s.turn === seat) status += s.ballInHand === 'kitchen' ? ' · ball in hand behind the head string: drag the cue ball to place it, or shoot' : ' · ball in hand: drag the cue ball to place it, or shoot';
      else if (s.ballInHand) status += ' · ball in hand';
      if (s.isBreak) status += ' · break';
      else if (s.openTable) status += ' · open table';
    }
    statusEl.textContent = status;
    const plain = plainReason(s.reason);
    reasonEl.textContent = anim ? '' : plain.charAt(0).toUpperCase() + plain.slice(1);
    infoEl.replaceChildren(...[
      h('div', {}, `${gameLabel(s.game)} · ${s.mode} · race to ${s.raceTo} · rack ${s.rack}`),
      h('div', { class: 'spectator-count' }, `Spectators: ${s.spectators}`),
      s.privateCode ? h('div', {}, 'Code: ', h('b', { class: 'code' }, s.privateCode), ' ', h('button', { onclick: () => copyLink() }, 'Copy link')) : null,
      welcome?.role === 'spectator' ? h('div', { class: 'muted' }, 'You are watching.') : null,
    ].filter((x): x is HTMLDivElement => x !== null));
    optionsEl.replaceChildren(...c.choose.map((o) => h('button', { class: 'primary', onclick: () => sendIntent(room, 'choose', { option: o }) }, optionLabel(o))));
    pushOutLabel.classList.toggle('hidden', !c.pushOut);
    safetyLabel.classList.toggle('hidden', !(c.aim && need() === 'ball-and-pocket'));
    playerControls.classList.toggle('hidden', !c.controls);
    playerControls.classList.toggle('idle', !c.aim);
    skipBtn.classList.toggle('hidden', !anim);
    concedeRack.classList.toggle('hidden', !c.concede || s.raceTo <= 1);
    concedeMatch.classList.toggle('hidden', !c.concede);
    chatForm.classList.toggle('hidden', seat === null);
    view.classList.toggle('spectating', welcome?.role === 'spectator');
    if (finished && !anim) {
      const title = seat === null ? `${playerName(finished.winner)} wins` : finished.winner === seat ? 'You win!' : 'You lose';
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

  function describeCall(): string {
    if (!can().aim || placeDrag) return '';
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
  const tablePoint = (e: PointerEvent): Point | null => {
    if (!renderer) return null;
    const r = renderer.canvas.getBoundingClientRect();
    return renderer.toTable(e.clientX - r.left, e.clientY - r.top);
  };

  /** Samples the aim; the batch goes when the protocol allows (at once after a pause). */
  function sendAim() {
    if (!can().aim) return;
    aimBatcher.sample(aim, performance.now());
    flushAim();
  }
  function flushAim() {
    const now = performance.now();
    const batch = aimBatcher.take(now);
    if (batch) {
      if (can().aim) sendIntent(room, 'aim', batch);
      return;
    }
    const wait = aimBatcher.dueIn(now);
    if (wait !== null && !aimTimer)
      aimTimer = setTimeout(() => {
        aimTimer = null;
        flushAim();
      }, wait);
  }

  host.addEventListener('pointermove', (e) => {
    pointer = tablePoint(e);
    const c = can();
    const cue = cueBall();
    host.classList.toggle('can-place', !!(c.place && cue && pointer && Math.hypot(pointer.x - cue.x, pointer.y - cue.y) < 2.2 * R));
    if (!c.aim || !cue || !pointer) return;
    if (placeDrag) {
      placeDrag = pointer;
      return;
    }
    if (drag) {
      const pulled = pullBack(drag.angle, drag.start, pointer);
      if (pulled > 0.005) drag.moved = true;
      speed = powerFromDrag(pulled);
    } else {
      aim = aimAngle(cue, pointer);
      sendAim();
    }
  });
  host.addEventListener('pointerleave', () => (pointer = null));
  host.addEventListener('pointerdown', (e) => {
    if (anim) return skip();
    const c = can();
    const p = tablePoint(e);
    const cue = cueBall();
    if (!c.aim || !p || !cue) return;
    host.setPointerCapture(e.pointerId);
    // Ball in hand: a press on the cue ball picks it up; anywhere else is a stroke as usual.
    if (c.place && Math.hypot(p.x - cue.x, p.y - cue.y) < 2.2 * R) {
      placeDrag = p;
      return;
    }
    aim = aimAngle(cue, p);
    drag = { start: p, angle: aim, moved: false };
    speed = null;
    sendAim();
  });
  host.addEventListener('pointerup', () => {
    if (placeDrag) {
      const p = placeDrag;
      placeDrag = null;
      if (can().place) sendIntent(room, 'place', { x: p.x, y: p.y });
      return;
    }
    if (!drag) return;
    const d = drag;
    drag = null;
    const v = speed;
    speed = null;
    if (!d.moved && can().aim) return clickCall(d);
    if (!d.moved || v === null || !can().aim) return;
    shoot(d.angle, v);
  });

  // Phone controls: a fine-aim strip (drag sideways) and a power slider (drag, release to shoot).
  let fineFrom: number | null = null;
  fineStrip.addEventListener('pointerdown', (e) => {
    if (!can().aim) return;
    fineStrip.setPointerCapture(e.pointerId);
    fineFrom = e.clientX;
  });
  fineStrip.addEventListener('pointermove', (e) => {
    if (fineFrom === null || !can().aim) return;
    aim = fineAim(aim, e.clientX - fineFrom);
    fineFrom = e.clientX;
    sendAim();
  });
  fineStrip.addEventListener('pointerup', () => (fineFrom = null));
  let sliding = false;
  const sliderAt = (e: PointerEvent) => {
    const r = powerSlider.getBoundingClientRect();
    speed = sliderSpeed((e.clientX - r.left) / r.width);
  };
  powerSlider.addEventListener('pointerdown', (e) => {
    if (!can().aim) return;
    powerSlider.setPointerCapture(e.pointerId);
    sliding = true;
    sliderAt(e);
  });
  powerSlider.addEventListener('pointermove', (e) => sliding && sliderAt(e));
  powerSlider.addEventListener('pointerup', () => {
    if (!sliding) return;
    sliding = false;
    const v = speed;
    speed = null;
    if (v !== null && can().aim) shoot(aim, v);
  });
  powerSlider.addEventListener('pointercancel', () => ((sliding = false), (speed = null)));

  function clickCall(d: { start: Point }) {
    const n = need();
    if (n === 'none' || declaring() === 'push-out') return;
    const click = { ball: ballAt(restBalls(), d.start, R), pocket: pocketAt(table.pockets, d.start)?.id ?? null };
    const next = callAfterClick(n, currentCall(), click, restBalls(), guideNow(), table.pockets);
    if (!next) return;
    manualCall = next;
    safety.checked = false;
    updateHud();
  }
  const onKey = (e: KeyboardEvent) => {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
    if (e.key === ' ' && anim) return e.preventDefault(), skip();
    if (e.key === 'Escape') return (drag = null), (speed = null), (placeDrag = null);
    if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && can().aim && !drag) {
      e.preventDefault();
      aim += (e.key === 'ArrowLeft' ? 1 : -1) * (e.shiftKey ? 0.02 : 0.002);
      sendAim();
    }
  };
  window.addEventListener('keydown', onKey);

  function shoot(angle: number, v: number) {
    if (!st()) return;
    const built = buildShot({ angle, speed: v, ...spin }, need(), { call: currentCall(), safety: safety.checked, pushOut: pushOut.checked }, can().pushOut);
    if ('problem' in built) return toast(built.problem);
    sendIntent(room, 'shot', built.intent);
    awaitingShot = true;
    const mine = ++strokeCount;
    setTimeout(() => mine === strokeCount && (awaitingShot = false), 5000);
  }

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
    c.fillStyle = '#c62828';
    c.beginPath();
    c.arc(w / 2 + (spin.side / 0.5) * rad, w / 2 - (spin.vertical / 0.5) * rad, 5, 0, Math.PI * 2);
    c.fill();
  }
  drawSpin();

  // ---- the frame loop ---------------------------------------------------------------------------
  let raf = 0;
  let lastClock = -2;
  let drawnKey: string | null = null;
  const sceneKey = (sc: Scene) =>
    JSON.stringify([sc.aim, sc.placing, sc.call, sc.aids, (renderer as { cameraKey?: () => string } | null)?.cameraKey?.() ?? '', sc.balls.map((b) => [b.id, b.x, b.y, b.pocketed, b.q])]);
  const frame = () => {
    if (disposed) return;
    raf = requestAnimationFrame(frame);
    const s = st();
    let balls = restBalls();
    if (anim) {
      const { t, done } = playback(performance.now() - anim.t0, anim.a.duration);
      if (done) rest();
      else balls = anim.a.at(t);
    }
    // Draw only when something changed: software WebGL on a phone or a busy machine cannot afford
    // redrawing a still table sixty times a second.
    const scene = sceneNow(balls);
    const key = anim ? null : sceneKey(scene);
    if (renderer && (key === null || key !== drawnKey)) {
      renderer.render(scene);
      drawnKey = key;
    }
    // Shot clock ring: the shown state's deadline; hidden while a shot plays.
    const hs = shown();
    const secs = hs && hs.phase === 'playing' && !anim && s ? skew.secondsLeft(s.shotClock, Date.now()) : -1;
    // Quick play: the countdown to the computer taking the empty seat (the room's state.computerAt).
    const waitS = s && s.phase === 'waiting' && s.computerAt > 0 ? skew.secondsLeft(s.computerAt, Date.now()) : -1;
    const waitText = waitS >= 0 ? `Nobody yet: the computer joins in ${waitS}s` : '';
    if (waitText !== waitEl.textContent) waitEl.textContent = waitText;
    if (secs !== lastClock) {
      lastClock = secs;
      clockRing.classList.toggle('hidden', secs < 0);
      clockRing.classList.toggle('urgent', secs >= 0 && secs <= 10);
      const total = s?.shotClockS || 45;
      clockRing.style.setProperty('--left', String(Math.max(0, Math.min(1, secs / total))));
      clockRing.textContent = secs >= 0 ? String(secs) : '';
    }
    const callText = s && !anim ? describeCall() : '';
    if (callText !== callEl.textContent) callEl.textContent = callText;
    // Written only when they change: a DOM write every frame costs a style and layout pass each frame.
    const width = `${Math.round((speed === null ? 0 : powerFraction(speed)) * 100)}%`;
    if (width !== powerFill.style.width) {
      powerFill.style.width = width;
      (powerSlider.firstChild as HTMLElement).style.width = width;
    }
    const powerLine = speed === null ? (can().aim ? 'press and pull back to shoot' : '') : `${speed.toFixed(1)} m/s`;
    if (powerLine !== powerText.textContent) powerText.textContent = powerLine;
  };
  raf = requestAnimationFrame(frame);

  function sceneNow(balls: BallFrame[]): Scene {
    const scene: Scene = { balls, aim: null, placing: null, call: null, aids: settings.aids };
    if (anim) return scene;
    const s = st();
    const c = can();
    const cue = balls.find((b) => b.id === 0 && !b.pocketed);
    if (!s || !cue) return scene;
    if (c.place) scene.placing = { ghost: placeDrag, legal: true };
    if (placeDrag) return scene;
    if (c.aim) {
      if (declaring() === 'call') {
        const call = currentCall();
        const p = call && table.pockets.find((k) => k.id === call.pocket);
        const b = call && balls.find((x) => x.id === call.ball && !x.pocketed);
        if (p && b) scene.call = { ball: b, pocket: p };
      }
      const angle = drag ? drag.angle : aim;
      const g = aimGuide(cue, angle, balls, R, table.length, table.width);
      scene.aim = { cue, angle, pull: speed === null ? 0.01 : 0.02 + powerFraction(speed) * 0.25, own: true, guide: { ...g, ...afterContact(angle, g.objectAngle) } };
    } else if (opponentAim && s.phase === 'playing' && opponentAim.seat === s.turn && opponentAim.seat !== mySeat()) {
      const angle = aimPlayback.angleAt(performance.now());
      if (angle === null) return scene;
      const g = aimGuide(cue, angle, balls, R, table.length, table.width);
      scene.aim = { cue, angle, pull: 0.02, own: false, guide: { ...g, ...afterContact(angle, g.objectAngle) } };
    }
    return scene;
  }

  // Test hook: how the table is drawn (renderer kind, frames shown), read by the browser tests.
  (root as HTMLElement & { dataset: DOMStringMap }).dataset.table = 'mounted';

  updateHud();
  return () => {
    disposed = true;
    cancelAnimationFrame(raf);
    ro.disconnect();
    renderer?.destroy();
    renderer = null;
    sound.stop();
    window.removeEventListener('keydown', onKey);
    if (aimTimer) clearTimeout(aimTimer);
    if (bannerTimer) clearTimeout(bannerTimer);
  };
}


