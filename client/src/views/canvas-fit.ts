// Keeps a canvas sized to its container (at the device pixel ratio) with the table fitted inside it,
// for every view that draws a table.
import { fitTable, type Layout } from '../input/mapping.ts';

/** Fits now and on every resize; returns the function that stops watching. */
export function fitCanvasToStage(stage: HTMLElement, canvas: HTMLCanvasElement, table: { length: number; width: number }, onLayout: (layout: Layout) => void): () => void {
  const resize = () => {
    const r = stage.getBoundingClientRect();
    const layout = fitTable({ width: r.width, height: r.height }, table.length, table.width, window.devicePixelRatio || 1);
    canvas.width = layout.pixelWidth;
    canvas.height = layout.pixelHeight;
    canvas.style.width = `${r.width}px`;
    canvas.style.height = `${r.height}px`;
    onLayout(layout);
  };
  const ro = new ResizeObserver(resize);
  ro.observe(stage);
  resize();
  return () => ro.disconnect();
}
