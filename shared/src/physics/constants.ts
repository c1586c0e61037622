// The one parameter set of DojoPool's physics: equipment sizes (WPA) and cloth/ball/cushion
// coefficients (typical values from PHYSICS.md: Alciatore, Marlow, Leckie & Greenspan 2005).
// Everything else in physics/ reads its numbers from here or from a Table built from here.

/** Ball radius, m (WPA: 57.15 mm diameter). */
export const BALL_RADIUS = 0.028575;
/** Ball mass, kg. */
export const BALL_MASS = 0.17;
/** Gravitational acceleration, m/s². */
export const GRAVITY = 9.81;

export type PhysicsParams = {
  /** Ball radius R, m. */
  ballRadius: number;
  /** Ball mass, kg. */
  ballMass: number;
  /** g, m/s². */
  gravity: number;
  /** Ball–cloth sliding (kinetic) friction μs. */
  muSlide: number;
  /** Rolling resistance μr: a rolling ball decelerates at μr·g. */
  muRoll: number;
  /** Deceleration of spin about the vertical axis, rad/s² (all motion states). */
  spinDecel: number;
  /** Ball–ball coefficient of restitution e. */
  ballRestitution: number;
  /**
   * Ball–ball friction μb as a function of the contact slip speed v (m/s):
   * μb = a + b·exp(−c·v) (Alciatore, TP A-14, fitted to Marlow's measurements). It gives
   * about 0.06 at a typical 0.5 m/s slip, more on slow cuts (hence more throw) and less when fast.
   */
  ballFriction: { a: number; b: number; c: number };
  /** Cushion restitution ec: the rebound's normal speed over the incoming normal speed (stun ball). */
  cushionRestitution: number;
  /** Ball–cushion friction μc. */
  cushionFriction: number;
  /** Cushion nose height above the bed as a fraction of the ball's diameter (WPA 62.5–64.5 %). */
  cushionHeight: number;
  /** Tip offset (fraction of R) beyond which the cue miscues. */
  miscueOffset: number;
};

export const DEFAULT_PARAMS: Readonly<PhysicsParams> = Object.freeze({
  ballRadius: BALL_RADIUS,
  ballMass: BALL_MASS,
  gravity: GRAVITY,
  muSlide: 0.2,
  muRoll: 0.01,
  spinDecel: 10,
  ballRestitution: 0.95,
  ballFriction: Object.freeze({ a: 9.951e-3, b: 0.108, c: 1.088 }),
  cushionRestitution: 0.8,
  cushionFriction: 0.2,
  cushionHeight: 0.635,
  miscueOffset: 0.5,
});

/** Table sizes: playing surface between the cushion noses, m, and pocket mouths, m. */
export const TABLE_SIZES = Object.freeze({
  '9ft': Object.freeze({ length: 2.54, width: 1.27 }),
  '7ft': Object.freeze({ length: 1.98, width: 0.99 }),
});
/** Corner pocket mouth between the cushion noses (WPA 114–117 mm). */
export const CORNER_MOUTH = 0.116;
/** Side pocket mouth between the cushion noses (WPA 127–130 mm). */
export const SIDE_MOUTH = 0.129;
/** Length of a jaw (the cushion facing inside a pocket's throat), m. */
export const JAW_LENGTH = 0.05;
/**
 * Jaw (facing) angles, WPA: 142° between a corner pocket's facing and its rail, 104° for a side
 * pocket. A facing parallel to the pocket's axis would make 135° (corner) or 90° (side), so each
 * facing turns inward by 7° (corner) or 14° (side) and the throat is narrower than the mouth.
 */
export const CORNER_JAW_ANGLE = (7 * Math.PI) / 180;
export const SIDE_JAW_ANGLE = (14 * Math.PI) / 180;
/** Pocket "drop" circles: a ball falls when its centre enters one. Radius and setback behind the cushion corner/line, m. */
export const CORNER_POCKET_RADIUS = 0.062;
export const CORNER_POCKET_SETBACK = 0.02;
export const SIDE_POCKET_RADIUS = 0.0645;
export const SIDE_POCKET_SETBACK = 0.04;

/**
 * Gap left between neighbouring racked balls, m. Tight racks touch; 2 µm keeps the initial
 * layout free of float-rounding overlap while being far below anything visible or measurable.
 */
export const RACK_GAP = 2e-6;
