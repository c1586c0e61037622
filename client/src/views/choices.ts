// The synced `options` list read for the table's controls, and words for what players see. The list
// holds a pending choice (e.g. after an illegal break, or a push out: 'shoot' / 'pass-back'), or the
// 'push-out' a shooter may declare with the next shot; the older `pushOutAvailable` flag says the same
// and is still honoured. Pure, so the tests read it as the view does.
import type { PocketId } from '@dojopool/shared/physics/types.ts';

/** The option that is declared with a shot rather than chosen instead of one. */
export const PUSH_OUT = 'push-out';

const OPTION_LABELS: Record<string, string> = {
  'spot-eight': 'Spot the 8 and continue',
  rebreak: 'Re-break',
  'accept-table': 'Accept the table',
  rerack: 'Re-rack and break',
  'rerack-opponent-breaks': 'Re-rack, opponent breaks',
  shoot: 'Shoot from here',
  'pass-back': 'Pass the shot back',
};

/** The choices to offer as buttons (a pending decision); a shot waits until one is made. */
export function pendingChoices(options: Iterable<string>): string[] {
  return Array.from(options).filter((o) => o !== PUSH_OUT);
}

export function pushOutOffered(options: Iterable<string>, pushOutAvailable: boolean): boolean {
  return pushOutAvailable || Array.from(options).includes(PUSH_OUT);
}

/** A readable button label for an option id; one the client does not know yet reads as words ("pass-back" → "Pass back"). */
export function optionLabel(id: string): string {
  if (Object.prototype.hasOwnProperty.call(OPTION_LABELS, id)) return OPTION_LABELS[id]!;
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : id;
}

const POCKET_NAMES: Record<PocketId, string> = {
  TL: 'top left corner',
  TM: 'top side',
  TR: 'top right corner',
  BL: 'bottom left corner',
  BM: 'bottom side',
  BR: 'bottom right corner',
};

/** Where a pocket is, as the player sees the table (+y up on screen). */
export function pocketName(id: PocketId): string {
  return POCKET_NAMES[id];
}
