// A plain Canvas 2D renderer behind the same interface: the fallback when WebGL (PixiJS) does not come
// up in time, drawn with the older draw-table.ts (flat balls, guide line, cue).
import type { Table } from '@dojopool/shared/physics/table.ts';
import { fitTable, screenToTable, tableToScreen, type Layout } from '../input/mapping.ts';
import { drawBall, drawTable } from '../views/draw-table.ts';
import type { Scene, TableRenderer } from './renderer.ts';

export function createCanvasRenderer(container: HTMLElement, table: Table): TableRenderer {
  const canvas = document.createElement('canvas');
  canvas.className = 'table-canvas';
  canvas.dataset.renderer = 'canvas';
  container.append(canvas);
  const ctx = canvas.getContext('2d')!;
  let layout: Layout = fitTable({ width: 1, height: 1 }, table.length, table.width, 1);
  return {
    kind: '2d',
    canvas,
    resize(width, height, dpr) {
      layout = fitTable({ width, height }, table.length, table.width, dpr);
      canvas.width = layout.pixelWidth;
      canvas.height = layout.pixelHeight;
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
    },
    render(scene: Scene) {
      drawTable(ctx, layout, table);
      for (const b of scene.balls) if (!b.pocketed) drawBall(ctx, layout, table.ballRadius, b);
      const aim = scene.aim;
      if (aim?.guide) {
        const a = tableToScreen(layout, aim.cue);
        const e = tableToScreen(layout, aim.guide.end);
        ctx.strokeStyle = aim.own ? 'rgba(255,255,255,0.8)' : 'rgba(255,200,120,0.6)';
        ctx.setLineDash([6, 5]);
        ctx.beginPath();
        ctx.moveTo(a.x, a.y);
        ctx.lineTo(e.x, e.y);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      if (scene.placing?.ghost) drawBall(ctx, layout, table.ballRadius, { id: 0, ...scene.placing.ghost }, 0.5);
    },
    toTable: (x, y) => screenToTable(layout, { x, y }),
    toScreen: (p) => tableToScreen(layout, p),
    pixelsPerMetre: () => layout.scale,
    destroy: () => canvas.remove(),
  };
}
