// Shared by the accounts suites: register/login shortcuts over HTTP, bearer headers, and a seeded PRNG.
import { http } from './helpers/server.ts';

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';
/** Limits high enough that only the rate-limit suite ever meets them. */
export const NO_LIMITS = { AUTH_RATE_LIMIT_PER_IP: '1000000', AUTH_RATE_LIMIT_PER_ACCOUNT: '1000000', FRIEND_REQUESTS_PER_WINDOW: '1000000', CHALLENGES_PER_WINDOW: '1000000' };

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

let n = 0;
export function uniqueName(prefix = 'u'): string {
  n++;
  return `${prefix}${Date.now().toString(36).slice(-4)}${n}`;
}

export async function register(base: string, name = uniqueName(), password = 'correct horse battery') {
  const r = await http(base, 'POST', '/api/auth/register', { username: name, email: `${name}@example.com`, password });
  if (r.status !== 201) throw new Error(`register ${name}: ${r.status} ${r.text}`);
  return { ...(r.body as { user: any; accessToken: string; refreshToken: string }), password, username: name };
}

/** mulberry32: a small seeded PRNG (no Math.random in tests). */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}
