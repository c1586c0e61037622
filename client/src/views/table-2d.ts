// The match table's mount entry, kept at this path for the app shell: the table itself lives in
// ../table/ (model, PixiJS and three.js renderers, animation, sound, HUD).
export { mountTable, type TableViewOptions } from '../table/table-view.ts';
