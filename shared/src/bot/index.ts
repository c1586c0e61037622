// The computer player: chooseShot and its levels (see choose-shot.ts).
export { chooseShot, type BotDecision, type BotOptions } from './choose-shot.ts';
export { BOT_LEVELS, LEVEL_SPECS, isBotLevel, type BotLevel, type LevelSpec } from './levels.ts';
