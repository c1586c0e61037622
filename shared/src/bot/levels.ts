// The computer player's levels, weakest first. A level is how widely it searches (target/pocket pairs,
// speeds, spins, safeties, how many top candidates it re-tries with its own stroke error) and how much
// human-like error it adds to the stroke it finally plays (aim in degrees, speed as a fraction).
// Figures measured with these settings: shared/README.md, "Computer player".

export const BOT_LEVELS = ['beginner', 'casual', 'club', 'strong'] as const;
export type BotLevel = (typeof BOT_LEVELS)[number];

export type LevelSpec = {
  /** Standard deviation of the aim error added to the chosen stroke, degrees. */
  aimSigmaDeg: number;
  /** Standard deviation of the speed error, as a fraction of the speed. */
  speedSigma: number;
  /** Target/pocket pairs simulated (the geometrically easiest first). */
  pairs: number;
  /** Speeds tried per pair (of 3: soft, medium, firm). */
  speeds: number;
  /** Tip offsets tried per speed: stun, then follow, draw, then side. */
  spins: number;
  /** Re-aims each pot once by the throw the first simulation showed. */
  throwCorrection: boolean;
  /** Considers safeties and push outs. */
  safeties: boolean;
  /** Top candidates re-simulated with the level's own stroke error, and how many times each. */
  robustTop: number;
  robustSamples: number;
  /** Ball-in-hand places searched (best geometric places first). */
  placements: number;
  /** Break speed, m/s. */
  breakSpeed: number;
  /**
   * Physics events the search may simulate per decision (counted, so the cut-off is deterministic):
   * past it no new candidates are tried. It bounds the worst case (many balls, ball in hand).
   */
  eventBudget: number;
};

export const LEVEL_SPECS: Readonly<Record<BotLevel, LevelSpec>> = {
  beginner: { aimSigmaDeg: 1.5, speedSigma: 0.2, pairs: 2, speeds: 1, spins: 1, throwCorrection: false, safeties: false, robustTop: 0, robustSamples: 0, placements: 1, breakSpeed: 7, eventBudget: 1500 },
  casual: { aimSigmaDeg: 0.7, speedSigma: 0.12, pairs: 3, speeds: 2, spins: 2, throwCorrection: true, safeties: false, robustTop: 0, robustSamples: 0, placements: 1, breakSpeed: 8.5, eventBudget: 2500 },
  club: { aimSigmaDeg: 0.35, speedSigma: 0.07, pairs: 4, speeds: 3, spins: 3, throwCorrection: true, safeties: true, robustTop: 3, robustSamples: 2, placements: 2, breakSpeed: 9.5, eventBudget: 4000 },
  strong: { aimSigmaDeg: 0.12, speedSigma: 0.04, pairs: 6, speeds: 3, spins: 4, throwCorrection: true, safeties: true, robustTop: 4, robustSamples: 3, placements: 3, breakSpeed: 10.5, eventBudget: 6000 },
};

export function isBotLevel(v: unknown): v is BotLevel {
  return typeof v === 'string' && (BOT_LEVELS as readonly string[]).includes(v);
}
