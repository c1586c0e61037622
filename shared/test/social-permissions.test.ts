// The clan roles' permissions, table-driven: every role against every action, so a change to
// CLAN_PERMISSIONS shows up here as a changed row.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CLAN_PERMISSIONS, clanMay, type ClanAction, type ClanRole } from '../src/index.ts';

const TABLE: [ClanAction, leader: boolean, officer: boolean, member: boolean][] = [
  ['invite', true, true, false],
  ['acceptApplication', true, true, false],
  ['kickMember', true, true, false],
  ['kickOfficer', true, false, false],
  ['setRole', true, false, false],
  ['edit', true, false, false],
  ['disband', true, false, false],
];

test('every role may do exactly what the table says', () => {
  assert.equal(TABLE.map((r) => r[0]).sort(), (Object.keys(CLAN_PERMISSIONS) as ClanAction[]).sort(), 'the table covers every action');
  for (const [action, ...allowed] of TABLE) {
    (['leader', 'officer', 'member'] as ClanRole[]).forEach((role, i) => assert.is(clanMay(role, action), allowed[i], `${role} ${action}`));
  }
});

test('no role (not a member) may do anything', () => {
  for (const action of Object.keys(CLAN_PERMISSIONS) as ClanAction[]) {
    assert.is(clanMay(null, action), false);
    assert.is(clanMay(undefined, action), false);
  }
});

test.run();
