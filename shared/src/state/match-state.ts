// The synced state of a match room (@colyseus/schema), shared by the server (which writes it) and the
// browser client (which reads it). Only public facts: no tokens, seat keys or anything private.
import { schema, t, type SchemaType } from '@colyseus/schema';
import { GAME_KINDS } from '../rules/registry.ts';

export const BallSchema = schema(
  {
    id: t.uint8().default(0),
    x: t.float32().default(0),
    y: t.float32().default(0),
    pocketed: t.boolean().default(false),
  },
  'Ball',
);
export type BallSchema = SchemaType<typeof BallSchema>;

export const PlayerSchema = schema(
  {
    userId: t.string().default(''),
    name: t.string().default(''),
    connected: t.boolean().default(false),
    rating: t.int32().default(0),
    group: t.string().default(''),
    fouls: t.uint8().default(0),
    /** The computer player's level when this seat is the computer ('' for a person). */
    computer: t.string().default(''),
  },
  'Player',
);
export type PlayerSchema = SchemaType<typeof PlayerSchema>;

export const MatchStateSchema = schema(
  {
    matchId: t.string().default(''),
    phase: t.string().default('waiting'),
    game: t.string().default(GAME_KINDS[0]), // a GameKind (rules/registry.ts)
    mode: t.string().default('casual'),
    raceTo: t.uint8().default(1),
    players: t.array(PlayerSchema),
    turn: t.uint8().default(0),
    balls: t.array(BallSchema),
    ballInHand: t.string().default(''),
    score: t.array('uint8'),
    rack: t.uint8().default(1),
    winner: t.int8().default(-1),
    shotClock: t.float64().default(0),
    shotClockS: t.uint16().default(45),
    /** While the clock is paused (the player to act is away): what they will have left when back. */
    shotClockLeftMs: t.uint32().default(0),
    reason: t.string().default(''),
    foul: t.string().default(''),
    options: t.array('string'),
    pushOutAvailable: t.boolean().default(false),
    isBreak: t.boolean().default(true),
    openTable: t.boolean().default(true),
    shotSeq: t.uint32().default(0),
    spectators: t.uint16().default(0),
    aim: t.float32().default(0),
    privateCode: t.string().default(''),
    /** Quick play: when (epoch ms) the computer takes the empty seat if nobody has come; 0 = no countdown. */
    computerAt: t.float64().default(0),
  },
  'MatchState',
);
export type MatchStateSchema = SchemaType<typeof MatchStateSchema>;
