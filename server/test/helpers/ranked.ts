// Two new accounts paired by the ranked queue into a playing match, driven by the real client SDK.
import { Client } from '@colyseus/sdk';
import { register, uniqueName } from '../accounts-helpers.ts';
import { Seat, waitFor } from './play.ts';

export async function rankedPair(url: string, game: string, names: [string, string] = [uniqueName('rk'), uniqueName('rk')]) {
  const users = [await register(url, names[0]), await register(url, names[1])];
  const queues = await Promise.all(
    users.map(async (u) => {
      const c = new Client(url);
      c.auth.token = u.accessToken;
      return { client: c, seat: new Seat(await c.joinOrCreate('ranked_queue', { game, raceTo: 1 })) };
    }),
  );
  const paired = await Promise.all(queues.map((q) => q.seat.next('paired', 0, 5000)));
  const rooms = await Promise.all(queues.map((q, i) => q.client.consumeSeatReservation(paired[i].reservation).then((r) => new Seat(r))));
  for (const q of queues) await q.seat.room.leave();
  await waitFor(() => rooms.every((r) => r.state?.phase === 'playing'), 5000, 'ranked match playing');
  /** The seat whose turn it is resigns the match; resolves when the stored result has reached both. */
  const resign = async () => {
    const shooter = rooms.find((r) => r.of('welcome')[0]?.seat === r.state.turn)!;
    const loser = shooter.state.players[shooter.state.turn].name as string;
    shooter.room.send('concede', { scope: 'match' });
    await waitFor(() => rooms.every((r) => r.of('finished').some((f) => !f.pending)), 8000, 'finish stored');
    return { loser: users.find((u) => u.username === loser)!, winner: users.find((u) => u.username !== loser)! };
  };
  return { users, rooms, roomId: paired[0].reservation.roomId as string, matchId: rooms[0].state.matchId as string, resign };
}
