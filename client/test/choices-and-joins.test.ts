// What players read: the pending choice's buttons (without the push out, which is declared with a
// shot), readable labels for every option (the 10-ball 'uncalled-pocket' choice offers shoot /
// pass-back), and a refused join read by its code with what to do next.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatJoinError, type JoinErrorCode } from '@dojopool/shared/protocol/join.ts';
import { MatchMakeError } from '@colyseus/sdk';
import { joinProblem } from '../src/net/join-errors.ts';
import { optionLabel, pendingChoices, pocketName, pushOutOffered } from '../src/views/choices.ts';

test('push out: offered by the options list or the older flag, and never a choice button', () => {
  assert.equal(pendingChoices(['push-out']), []);
  assert.equal(pendingChoices(['shoot', 'pass-back']), ['shoot', 'pass-back']);
  assert.is(pushOutOffered(['push-out'], false), true);
  assert.is(pushOutOffered([], true), true);
  assert.is(pushOutOffered(['shoot', 'pass-back'], false), false);
});

test('every option reads as words', () => {
  assert.is(optionLabel('shoot'), 'Shoot from here');
  assert.is(optionLabel('pass-back'), 'Pass the shot back');
  assert.is(optionLabel('accept-table'), 'Accept the table');
  // One the client has no sentence for yet still reads as words, never as an id.
  assert.is(optionLabel('shoot-again'), 'Shoot again');
  assert.is(optionLabel('rerack_opponent'), 'Rerack opponent');
  for (const id of ['TL', 'TM', 'TR', 'BL', 'BM', 'BR'] as const) assert.ok(/^(top|bottom) /.test(pocketName(id)), id);
});

const remedies: [JoinErrorCode, string | null][] = [
  ['table_full', 'watch'],
  ['reserved', 'watch'],
  ['spectators_full', 'retry'],
  ['unavailable', 'retry'],
  ['shutting_down', 'retry'],
  ['needs_account', 'login'],
  ['unauthorized', 'login'],
  ['ranked_via_queue', 'queue'],
  ['not_found', null],
  ['already_seated', null],
];

test('a refused join reads by its code, with what the player can do', () => {
  for (const [code, remedy] of remedies) {
    const raw = formatJoinError(code, 'server text for developers');
    const p = joinProblem(new MatchMakeError(raw, 409));
    assert.is(p.code, code);
    assert.is(p.remedy, remedy, code);
    assert.ok(!p.text.includes('_') && !p.text.includes('server text'), `${code}: ${p.text}`);
  }
  // An option error names the option.
  assert.match(joinProblem(new Error(formatJoinError('bad_options', 'raceTo must be 1–21'))).text, /raceTo must be 1–21/);
  // Anything without a code is shown as it came.
  assert.equal(joinProblem(new Error('seat reservation expired')), { code: 'unknown', text: 'seat reservation expired', remedy: null });
  assert.is(joinProblem(undefined).text, 'Could not join the table');
  // The matchmaker's own answer for an unknown room id (no room ever saw the join) reads as not found.
  assert.is(joinProblem(new MatchMakeError('room "NOPE12" not found', 4212)).code, 'not_found');
  assert.is(joinProblem(new Error('room "NOPE12" not found')).text, 'No such table (it may have finished): check the code');
});

test.run();
