// The accounts surface (auth, me, players, admin, venues) mounted under /api.
import type { RouterFactory } from '../api.ts';

export const accountRouters: RouterFactory[] = [];
