// The social surface (friends, presence, messages, clans, notifications, challenges, moderation)
// mounted under /api; the live side is the `me` room (rooms/me-room.ts).
import type { RouterFactory } from '../api.ts';
import { challengesRouter } from './challenges.ts';
import { clansRouter } from './clans.ts';
import { friendsRouter } from './friends.ts';
import { messagesRouter } from './messages.ts';
import { moderationRouter } from './moderation.ts';

export const socialRouters: RouterFactory[] = [friendsRouter, messagesRouter, clansRouter, challengesRouter, moderationRouter];
