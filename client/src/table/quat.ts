// Unit quaternions for ball orientation, stored [x, y, z, w] (three.js' order). Pure math, no DOM.
// A ball's orientation maps its body frame to the table frame (x along the table, y across, z up).
// Angular velocity ω (rad/s, table frame, as the physics gives it) turns a ball during dt by the
// rotation vector ω·dt: q ← exp(ω·dt/2) ⊗ q (world-frame rates multiply on the left).

export type Quat = [number, number, number, number];
export type Vec3 = [number, number, number];

export const IDENTITY: Quat = [0, 0, 0, 1];

/** Rotation by the rotation vector (x, y, z): axis = its direction, angle = its length (rad). */
export function fromRotationVector(x: number, y: number, z: number): Quat {
  const angle = Math.hypot(x, y, z);
  if (angle < 1e-12) return [x / 2, y / 2, z / 2, 1];
  const s = Math.sin(angle / 2) / angle;
  return [x * s, y * s, z * s, Math.cos(angle / 2)];
}

export function fromAxisAngle(axis: Vec3, angle: number): Quat {
  const n = Math.hypot(axis[0], axis[1], axis[2]) || 1;
  return fromRotationVector((axis[0] / n) * angle, (axis[1] / n) * angle, (axis[2] / n) * angle);
}

/** a ⊗ b: rotate by b, then by a. */
export function multiply(a: Quat, b: Quat): Quat {
  const [ax, ay, az, aw] = a;
  const [bx, by, bz, bw] = b;
  return [
    aw * bx + ax * bw + ay * bz - az * by,
    aw * by - ax * bz + ay * bw + az * bx,
    aw * bz + ax * by - ay * bx + az * bw,
    aw * bw - ax * bx - ay * by - az * bz,
  ];
}

export function normalize(q: Quat): Quat {
  const n = Math.hypot(q[0], q[1], q[2], q[3]) || 1;
  return [q[0] / n, q[1] / n, q[2] / n, q[3] / n];
}

export function conjugate(q: Quat): Quat {
  return [-q[0], -q[1], -q[2], q[3]];
}

/** The vector v rotated by q (body → table frame). */
export function rotate(q: Quat, v: Vec3): Vec3 {
  const [x, y, z, w] = q;
  // t = 2 q×v; v' = v + w t + q×t
  const tx = 2 * (y * v[2] - z * v[1]);
  const ty = 2 * (z * v[0] - x * v[2]);
  const tz = 2 * (x * v[1] - y * v[0]);
  return [v[0] + w * tx + (y * tz - z * ty), v[1] + w * ty + (z * tx - x * tz), v[2] + w * tz + (x * ty - y * tx)];
}

/** Turns q by the world-frame rotation vector ω·dt. */
export function integrate(q: Quat, wx: number, wy: number, wz: number, dt: number): Quat {
  return normalize(multiply(fromRotationVector(wx * dt, wy * dt, wz * dt), q));
}

/** The angle (rad, 0..π) between two orientations. */
export function angleBetween(a: Quat, b: Quat): number {
  const d = Math.abs(a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3]);
  return 2 * Math.acos(Math.min(1, d));
}

/**
 * The orientation a ball rests in before it has ever moved: its number (body +x) faces up (+z) and
 * reads upright in the 2D view (body −y along the table's −y... i.e. text rows run along +x).
 */
export const UPRIGHT: Quat = fromAxisAngle([0, 1, 0], -Math.PI / 2);
