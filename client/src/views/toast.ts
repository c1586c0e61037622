// Short-lived notices (room errors, join failures) stacked at the top of the page, never over the
// table's controls: at most three at once, the same text not twice, and all cleared when the screen
// they belong to is left (the shell calls clearToasts on every navigation).
const MAX = 3;

export function toast(text: string, kind: 'error' | 'info' = 'error', ms = 4000) {
  let box = document.getElementById('toasts');
  if (!box) {
    box = document.createElement('div');
    box.id = 'toasts';
    box.setAttribute('role', 'status');
    box.setAttribute('aria-live', 'polite');
    document.body.append(box);
  }
  for (const old of Array.from(box.children)) if (old.textContent === text) old.remove();
  while (box.children.length >= MAX) box.firstElementChild!.remove();
  const el = document.createElement('div');
  el.className = `toast ${kind}`;
  el.textContent = text;
  box.append(el);
  setTimeout(() => el.remove(), ms);
}

export function clearToasts() {
  document.getElementById('toasts')?.replaceChildren();
}

/** A tiny element builder: h('button', { class: 'x', onclick }, 'text', child). Text is never parsed as HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, unknown>> = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = String(v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v as EventListener);
    else if (k in el && typeof v !== 'string') (el as unknown as Record<string, unknown>)[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}
