// Password hashing: Argon2id (@node-rs/argon2) with OWASP's minimum cost by default (m=19 MiB, t=2, p=1),
// configurable through ARGON2_*. verifyDummy burns the same time when a login names no account.
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import type { Config } from '../config.ts';

const ARGON2ID = 2 as Algorithm; // Algorithm.Argon2id (a const enum, not importable under isolatedModules)

export type PasswordHasher = {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
  /** Runs a verification against a fixed hash, to equalise timing when there is no user. */
  verifyDummy(password: string): Promise<void>;
};

const hashers = new Map<string, PasswordHasher>();

export function passwordHasher(config: Pick<Config, 'ARGON2_MEMORY_KIB' | 'ARGON2_TIME_COST' | 'ARGON2_PARALLELISM'>): PasswordHasher {
  const opts = { algorithm: ARGON2ID, memoryCost: config.ARGON2_MEMORY_KIB, timeCost: config.ARGON2_TIME_COST, parallelism: config.ARGON2_PARALLELISM };
  const id = `${opts.memoryCost}/${opts.timeCost}/${opts.parallelism}`;
  let h = hashers.get(id);
  if (h) return h;
  let dummy: Promise<string> | null = null;
  h = {
    hash: (password) => hash(password, opts),
    verify: async (passwordHash, password) => {
      try {
        return await verify(passwordHash, password);
      } catch {
        return false;
      }
    },
    verifyDummy: async (password) => {
      dummy ??= hash('dummy password for timing', opts);
      await verify(await dummy, password).catch(() => false);
    },
  };
  hashers.set(id, h);
  return h;
}
