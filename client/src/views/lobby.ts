// The lobby's pure parts: which games it offers (the registry's, in its order) and how the ranked
// queue's status reads. The lobby screen itself is screens/LobbyScreen.tsx.
import { GAME_KINDS, gameLabel } from '@dojopool/shared/rules/registry.ts';
import type { GameKind } from '@dojopool/shared/rules/types.ts';
import type { QueueStatus } from '../net/rooms.ts';
import { ratingWindow, waited } from '../app/format.ts';

/** The games the lobby offers (quick play, private table, ranked queue): the registry's, in its order. */
export function gameChoices(): { value: GameKind; label: string }[] {
  return GAME_KINDS.map((kind) => ({ value: kind, label: gameLabel(kind) }));
}

/** The queue line: how many wait, and once the queue reports it, the wait and the rating window. */
export function queueText(s: QueueStatus): string {
  const parts = [`${s.waiting} waiting`];
  if (s.waitedS !== undefined) parts.push(waited(s.waitedS));
  if (s.window !== undefined) parts.push(`opponents within ${ratingWindow(s.window)} rating`);
  return `In the ${s.game ? `${gameLabel(s.game)} ` : ''}queue (${parts.join(' · ')})…`;
}
