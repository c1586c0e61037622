// The accounts surface (auth, me, players, admin, venues, practice drills) mounted under /api.
import type { RouterFactory } from '../api.ts';
import { adminRouter } from './admin.ts';
import { authRouter } from './auth.ts';
import { drillsRouter } from './drills.ts';
import { meRouter } from './me.ts';
import { playersRouter } from './players.ts';
import { venuesRouter } from './venues.ts';

export const accountRouters: RouterFactory[] = [authRouter, meRouter, playersRouter, adminRouter, venuesRouter, drillsRouter];
