// What a player keeps between visits: the view (2D or 3D), sound (off on a first visit), aim aids.
export type TableSettings = { view: '2d' | '3d'; sound: boolean; aids: boolean };

const KEY = 'dojopool.table';
export const DEFAULT_SETTINGS: TableSettings = { view: '2d', sound: false, aids: true };

/** Reads settings from storage text, keeping the defaults for anything missing or malformed. */
export function parseSettings(text: string | null): TableSettings {
  try {
    const o = text ? (JSON.parse(text) as Partial<TableSettings>) : {};
    return {
      view: o.view === '3d' ? '3d' : '2d',
      sound: o.sound === true,
      aids: o.aids !== false,
    };
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
}

export function loadSettings(storage: Pick<Storage, 'getItem'> | null = globalThis.localStorage ?? null): TableSettings {
  try {
    return parseSettings(storage?.getItem(KEY) ?? null);
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
}

export function saveSettings(s: TableSettings, storage: Pick<Storage, 'setItem'> | null = globalThis.localStorage ?? null): void {
  try {
    storage?.setItem(KEY, JSON.stringify(s));
  } catch {
    /* private mode: settings last for this visit */
  }
}
