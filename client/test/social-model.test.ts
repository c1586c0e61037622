// The social screens' pure parts (src/social/model.ts): presence labels and the Watch link, how the
// friends list groups and orders with live presence, unread counts per conversation as live messages
// arrive (own messages, the open conversation and muted ones do not raise the badge), the notification
// list and bell count, what each notification says and where it leads, a challenge's countdown by the
// server's clock, merging history pages, and send errors in plain words.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SocialMessage, SocialNotification } from '@dojopool/shared/protocol/social.ts';
import {
  badgeText,
  charsLeft,
  clockSkew,
  conversationOf,
  countdown,
  groupFriends,
  mergeMessages,
  NO_NOTIFICATIONS,
  NO_UNREAD,
  notificationsReducer,
  notificationText,
  presenceLabel,
  secondsLeft,
  sendErrorText,
  unreadReducer,
  unreadTotal,
  type FriendRow,
  type Unread,
} from '../src/social/model.ts';
import { paths, ROUTES } from '../src/app/paths.ts';

const user = (id: string, username = id, displayName: string | null = null) => ({ id, username, displayName });

test('presence labels; a Watch link only with a table to watch', () => {
  const cases: [Parameters<typeof presenceLabel>[0], string, string | null][] = [
    [undefined, 'Offline', null],
    [{ status: 'offline' }, 'Offline', null],
    [{ status: 'online' }, 'Online', null],
    [{ status: 'in_match', roomId: 'R1', matchId: 'M1' }, 'In a match', 'R1'],
    [{ status: 'in_match' }, 'In a match', null],
    [{ status: 'watching', roomId: 'R2' }, 'Watching a match', 'R2'],
    [{ status: 'queued', roomId: 'Q' }, 'In the ranked queue', null],
    [{ status: 'bogus' as never }, 'Offline', null],
  ];
  for (const [p, text, room] of cases) {
    const l = presenceLabel(p);
    assert.is(l.text, text, JSON.stringify(p));
    assert.is(l.watchRoomId, room, JSON.stringify(p));
  }
});

test('friends group by state; friends order by activity then name, live presence overriding the loaded one', () => {
  const rows: FriendRow[] = [
    { user: user('a', 'anna'), state: 'friend', presence: { status: 'offline' } },
    { user: user('b', 'bob'), state: 'friend', presence: { status: 'online' } },
    { user: user('c', 'carl'), state: 'friend', presence: { status: 'online' } },
    { user: user('d', 'dora'), state: 'invite_received' },
    { user: user('e', 'ed'), state: 'invite_sent' },
    { user: user('f', 'fay'), state: 'blocked' },
    { user: user('g', 'gus', 'Zed'), state: 'friend' },
  ];
  const g = groupFriends(rows, new Map([['a', { status: 'in_match', roomId: 'R' }]]));
  assert.equal(g.friends.map((f) => f.user.id), ['a', 'b', 'c', 'g']);
  assert.equal(g.friends[0]!.presence, { status: 'in_match', roomId: 'R' });
  assert.equal(g.friends[3]!.presence, { status: 'offline' }, 'a friend without presence reads offline');
  assert.equal(g.received.map((f) => f.user.id), ['d']);
  assert.equal(g.sent.map((f) => f.user.id), ['e']);
  assert.equal(g.blocked.map((f) => f.user.id), ['f']);
  const later = groupFriends(rows, new Map([['c', { status: 'offline' }]]));
  assert.equal(later.friends.map((f) => f.user.id), ['b', 'a', 'c', 'g'], 'carl went offline: after the one online, by name');
});

const msg = (id: string, from: string, to: string | null, clanId: string | null = null, muted = false) =>
  ({ id, from: user(from), to, clanId, text: 'hi', createdAt: '2026-11-30T20:00:00.000Z', muted }) as SocialMessage & { muted: boolean };

test('a live message belongs to the conversation with the other player, or to the clan', () => {
  assert.is(conversationOf(msg('1', 'me', 'bob'), 'me'), 'dm:bob');
  assert.is(conversationOf(msg('2', 'bob', 'me'), 'me'), 'dm:bob');
  assert.is(conversationOf(msg('3', 'bob', null, 'C1'), 'me'), 'clan:C1');
  assert.is(conversationOf({ from: null, to: 'me', clanId: null }, 'me'), null, 'a deleted sender with no partner');
});

test('unread counts: loaded, raised by others\' messages, not by mine or the open conversation; read clears; muted stays out of the badge', () => {
  let s: Unread = unreadReducer(NO_UNREAD, {
    type: 'loaded',
    data: { conversations: [{ user: user('bob'), userId: 'bob', lastMessageId: '5', unread: 2, muted: false }, { user: user('cy'), userId: 'cy', lastMessageId: '4', unread: 3, muted: true }], clan: { clanId: 'C1', lastMessageId: '9', unread: 1, muted: false } },
  });
  assert.is(unreadTotal(s), 3, 'muted conversations are not in the badge');
  assert.is(unreadTotal(s, 'dm:'), 2);
  assert.is(unreadTotal(s, 'clan:'), 1);
  s = unreadReducer(s, { type: 'message', message: msg('10', 'bob', 'me'), meId: 'me', open: null });
  assert.is(s.counts['dm:bob'], 3);
  const same = unreadReducer(s, { type: 'message', message: msg('11', 'me', 'bob'), meId: 'me', open: null });
  assert.is(same, s, 'my own message changes nothing');
  assert.is(unreadReducer(s, { type: 'message', message: msg('12', 'bob', 'me'), meId: 'me', open: 'dm:bob' }), s, 'the open conversation changes nothing');
  s = unreadReducer(s, { type: 'message', message: msg('13', 'dan', 'me', null, true), meId: 'me', open: null });
  assert.is(s.counts['dm:dan'], 1);
  assert.is(unreadTotal(s, 'dm:'), 3, 'a message flagged muted counts in its conversation, not in the badge');
  s = unreadReducer(s, { type: 'read', key: 'dm:bob' });
  assert.is(s.counts['dm:bob'], 0);
  assert.is(unreadTotal(s, 'dm:'), 0);
  s = unreadReducer(s, { type: 'muted', key: 'clan:C1', muted: true });
  assert.is(unreadTotal(s), 0);
  assert.is(unreadReducer(s, { type: 'read', key: 'dm:nobody' }), s);
});

test('badges: nothing at zero, 99+ past 99', () => {
  assert.equal([0, -1, 1, 99, 100, 5000].map(badgeText), ['', '', '1', '99', '99+', '99+']);
});

const note = (id: string, kind: SocialNotification['kind'], data: Record<string, unknown> = {}, readAt: string | null = null): SocialNotification => ({ id, kind, data, createdAt: '2026-11-30T20:00:00.000Z', readAt });

test('notifications: the welcome count, arrivals counted once, read one, read all', () => {
  let s = notificationsReducer(NO_NOTIFICATIONS, { type: 'welcome', unread: 4 });
  assert.is(s.unread, 4);
  assert.is(s.loaded, false);
  s = notificationsReducer(s, { type: 'loaded', list: [note('a', 'friend_request'), note('b', 'clan_joined', {}, '2026-11-30T19:00:00.000Z')], unread: 1 });
  assert.is(s.unread, 1);
  s = notificationsReducer(s, { type: 'arrived', notification: note('c', 'challenge') });
  assert.is(s.unread, 2);
  assert.is(s.list[0]!.id, 'c', 'newest first');
  assert.is(notificationsReducer(s, { type: 'arrived', notification: note('c', 'challenge') }), s, 'a duplicate counts once');
  s = notificationsReducer(s, { type: 'read', id: 'a', at: 'T' });
  assert.is(s.unread, 1);
  assert.is(s.list.find((n) => n.id === 'a')!.readAt, 'T');
  assert.is(notificationsReducer(s, { type: 'read', id: 'a', at: 'T2' }), s, 'reading twice changes nothing');
  assert.is(notificationsReducer(s, { type: 'read', id: 'b', at: 'T2' }), s, 'an already read one changes nothing');
  s = notificationsReducer(s, { type: 'read_all', at: 'T3' });
  assert.is(s.unread, 0);
  assert.ok(s.list.every((n) => n.readAt));
  assert.is(s.list.find((n) => n.id === 'b')!.readAt, '2026-11-30T19:00:00.000Z', 'read_all keeps earlier read times');
});

test('what each notification says and where it leads', () => {
  const bob = user('b1', 'bob', 'Bobby');
  const clan = { id: 'C1', name: 'Sharks', tag: 'SHK' };
  const cases: [SocialNotification['kind'] | string, Record<string, unknown>, RegExp, string | null][] = [
    ['friend_request', { from: bob }, /^Bobby wants to be your friend$/, 'friends'],
    ['friend_accepted', { by: bob }, /Bobby accepted your friend request/, 'friends'],
    ['clan_invite', { clan, by: bob }, /Bobby invited you to Sharks \[SHK\]/, 'clan'],
    ['clan_application', { clan, user: bob }, /Bobby applied to join Sharks/, 'clan'],
    ['clan_joined', { clan }, /You joined Sharks/, 'clan'],
    ['clan_kicked', { clan }, /removed from Sharks/, null],
    ['clan_role', { clan, role: 'officer' }, /You are now an officer of Sharks/, 'clan'],
    ['clan_role', { clan, role: 'leader' }, /You are now the leader of Sharks/, 'clan'],
    ['challenge', { from: bob, challenge: { id: 'X', game: '9ball', raceTo: 5 } }, /Bobby challenged you: 9ball, race to 5, casual/, 'challenge'],
    ['challenge_accepted', { by: bob, roomId: 'R9' }, /Bobby accepted your challenge/, 'play'],
    ['challenge_declined', { by: bob }, /Bobby declined your challenge/, null],
    ['tournament_match_ready', { tournamentId: 'T1', tournament: { name: 'Friday Open' } }, /Your tournament match is ready in Friday Open/, 'tournament'],
    ['something_new', { text: 'Hello' }, /^Hello$/, null],
    ['friend_request', { from: null }, /deleted player wants/, 'friends'],
  ];
  for (const [kind, data, text, to] of cases) {
    const r = notificationText({ kind: kind as SocialNotification['kind'], data });
    assert.match(r.text, text, kind);
    assert.is(r.link?.to ?? null, to, kind);
  }
  assert.is(notificationText({ kind: 'challenge_accepted', data: { by: bob, roomId: 'R9' } }).link?.id, 'R9');
});

test('a challenge counts down by the server\'s clock', () => {
  const exp = '2026-11-30T20:05:00.000Z';
  const t = Date.parse('2026-11-30T20:00:00.000Z');
  assert.is(secondsLeft(exp, t), 300);
  assert.is(secondsLeft(exp, t + 299_001), 1, 'a part second counts as a second');
  assert.is(secondsLeft(exp, t + 300_000), 0);
  assert.is(secondsLeft(exp, t + 999_999), 0, 'never negative');
  assert.is(secondsLeft(exp, t, 60_000), 240, 'the server is a minute ahead of this browser');
  assert.is(secondsLeft('not a date', t), 0);
  assert.is(clockSkew('2026-11-30T20:00:00.400Z', t), 0, 'delivery delay is not skew');
  assert.is(clockSkew('2026-11-30T20:01:00.000Z', t), 60_000);
  assert.is(clockSkew('nope', t), 0);
  assert.equal([300, 65, 9, 0].map(countdown), ['5:00', '1:05', '0:09', '0:00']);
});

test('history pages merge oldest first, without duplicates, dropping deleted ids', () => {
  const m = (id: string) => msg(id, 'a', 'b');
  const merged = mergeMessages([m('10'), m('11')], [m('9'), m('11'), m('100')], ['10']);
  assert.equal(merged.map((x) => x.id), ['9', '11', '100'], 'ids compare as numbers, not strings');
});

test('the length limit counts trimmed text; send errors read plainly by their code', () => {
  assert.is(charsLeft('  hi  ', 500), 498);
  assert.is(charsLeft('x'.repeat(501), 500), -1);
  assert.is(sendErrorText('rate_limited', 'you are sending messages too fast; retry in 7 s'), 'Slow down: retry in 7 s');
  assert.match(sendErrorText('blocked', 'you cannot message this user'), /blocked/);
  assert.match(sendErrorText('not_friends', 'x'), /only message friends/);
  assert.is(sendErrorText('other', 'Something'), 'Something');
});

test('the social screens have their paths, each matching its route pattern', () => {
  const cases: [string, string][] = [
    [paths.friends(), ROUTES.friends],
    [paths.conversation('u 1'), ROUTES.conversation],
    [paths.clans(), ROUTES.clans],
    [paths.clan('c1'), ROUTES.clan],
    [paths.notifications(), ROUTES.notifications],
  ];
  for (const [path, pattern] of cases) assert.ok(new RegExp('^' + pattern.replace(/:\w+/g, '[^/?]+') + '$').test(path), `${path} matches ${pattern}`);
  assert.is(paths.conversation('u 1'), '/messages/u%201');
});

test.run();
