// The name a player joins a table with: the account's, else the guest name kept in this browser (one
// is made up the first time, so a pasted link works before the lobby was ever seen).
import { getSession } from '../net/api.ts';
import { guestName, setGuestName } from '../net/rooms.ts';

export function joinName(): string {
  const s = getSession();
  if (s) return s.user.displayName || s.user.username;
  let n = guestName();
  if (!n) {
    n = `Guest ${Math.floor(1000 + Math.random() * 9000)}`;
    setGuestName(n);
  }
  return n;
}
