// Table sounds made with Web Audio at run time (no files): the cue's tap, ball–ball clicks, cushion
// thumps and pocket drops, each scaled by the impact speed the trajectory reports. Off until the
// player turns it on (browsers also need a user gesture before audio starts).
import type { SoundCue } from './trajectory.ts';

/** Loudness 0..1 for an impact at `speed` m/s (a break's 10 m/s is full scale; soft touches stay audible). */
export function loudness(kind: SoundCue['kind'], speed: number): number {
  const full = kind === 'cue' ? 10 : kind === 'pocket' ? 4 : 6;
  return Math.min(1, Math.max(0.04, Math.sqrt(Math.max(0, speed) / full)));
}

export class TableSound {
  private ctx: AudioContext | null = null;
  private noise: AudioBuffer | null = null;
  enabled = false;

  /** Call from a user gesture (the toggle): browsers only start audio then. */
  setEnabled(on: boolean): void {
    this.enabled = on;
    if (on && !this.ctx && typeof AudioContext !== 'undefined') {
      this.ctx = new AudioContext();
      const len = Math.floor(this.ctx.sampleRate * 0.25);
      this.noise = this.ctx.createBuffer(1, len, this.ctx.sampleRate);
      const d = this.noise.getChannelData(0);
      let seed = 12345;
      for (let i = 0; i < len; i++) {
        seed = (seed * 16807) % 2147483647;
        d[i] = (seed / 2147483647) * 2 - 1;
      }
    }
    if (on) void this.ctx?.resume();
  }

  /** Plays a shot's cues from `fromT` simulated seconds on, starting now (cues already past are skipped). */
  playShot(cues: readonly SoundCue[], fromT = 0): void {
    const ctx = this.ctx;
    if (!this.enabled || !ctx) return;
    const now = ctx.currentTime + 0.02;
    let voices = 0;
    for (const c of cues) {
      if (c.t < fromT) continue;
      if (c.t - fromT > 30 || ++voices > 160) break;
      this.play(c.kind, loudness(c.kind, c.speed), now + (c.t - fromT));
    }
  }

  /** Stops what is scheduled (a skipped shot). */
  stop(): void {
    if (!this.ctx) return;
    const old = this.ctx;
    this.ctx = null;
    void old.close();
    if (this.enabled) this.setEnabled(true);
  }

  private play(kind: SoundCue['kind'], gain: number, at: number): void {
    const ctx = this.ctx!;
    const out = ctx.createGain();
    out.connect(ctx.destination);
    const env = (g: GainNode, peak: number, decay: number) => {
      g.gain.setValueAtTime(0.0001, at);
      g.gain.exponentialRampToValueAtTime(Math.max(0.0002, peak), at + 0.002);
      g.gain.exponentialRampToValueAtTime(0.0001, at + decay);
    };
    if (kind === 'ball' || kind === 'cue') {
      // A click: a short high sine with a burst of filtered noise.
      const osc = ctx.createOscillator();
      osc.frequency.setValueAtTime(kind === 'cue' ? 1500 : 2600 + 900 * gain, at);
      const g = ctx.createGain();
      env(g, 0.5 * gain, kind === 'cue' ? 0.05 : 0.035);
      osc.connect(g).connect(out);
      osc.start(at);
      osc.stop(at + 0.08);
      this.noiseBurst(out, at, kind === 'cue' ? 900 : 3500, 0.35 * gain, 0.02);
    } else if (kind === 'cushion') {
      // A thump: low sine dropping in pitch.
      const osc = ctx.createOscillator();
      osc.frequency.setValueAtTime(160, at);
      osc.frequency.exponentialRampToValueAtTime(70, at + 0.12);
      const g = ctx.createGain();
      env(g, 0.6 * gain, 0.14);
      osc.connect(g).connect(out);
      osc.start(at);
      osc.stop(at + 0.16);
      this.noiseBurst(out, at, 400, 0.2 * gain, 0.05);
    } else {
      // A drop: a hollow knock, then the ball rattling down the pocket.
      const osc = ctx.createOscillator();
      osc.type = 'triangle';
      osc.frequency.setValueAtTime(240, at);
      osc.frequency.exponentialRampToValueAtTime(110, at + 0.2);
      const g = ctx.createGain();
      env(g, 0.5 * gain, 0.25);
      osc.connect(g).connect(out);
      osc.start(at);
      osc.stop(at + 0.3);
      for (let k = 1; k <= 3; k++) this.noiseBurst(out, at + 0.08 * k, 1200, 0.15 * gain / k, 0.03);
    }
  }

  private noiseBurst(out: AudioNode, at: number, freq: number, peak: number, decay: number): void {
    const ctx = this.ctx!;
    const src = ctx.createBufferSource();
    src.buffer = this.noise;
    const f = ctx.createBiquadFilter();
    f.type = 'bandpass';
    f.frequency.value = freq;
    const g = ctx.createGain();
    g.gain.setValueAtTime(Math.max(0.0002, peak), at);
    g.gain.exponentialRampToValueAtTime(0.0001, at + decay);
    src.connect(f).connect(g).connect(out);
    src.start(at);
    src.stop(at + decay + 0.02);
  }
}
