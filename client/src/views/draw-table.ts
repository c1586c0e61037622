// Canvas 2D drawing of the table and balls, in CSS pixels through the layout's dpr transform.
// Geometry comes from the shared standardTable (the physics' own pockets and cushions).
import type { Table } from '@dojopool/shared/physics/table.ts';
import { RAIL_MARGIN, tableToScreen, type Layout, type Point } from '../input/mapping.ts';

export type DrawBall = { id: number; x: number; y: number; pocketed: boolean };

const COLOURS = ['#f4f1e6', '#f2c21b', '#1d4ed8', '#d62626', '#6b2fa0', '#f07a12', '#138a43', '#7c1d1d', '#111111'];
export const ballColour = (id: number) => COLOURS[id === 0 ? 0 : id === 8 ? 8 : ((id - 1) % 8) + 1]!;

const CUSHION_WIDTH = 0.045;

export function drawTable(ctx: CanvasRenderingContext2D, l: Layout, table: Table) {
  const s = l.scale;
  const L = table.length;
  const W = table.width;
  const at = (x: number, y: number) => tableToScreen(l, { x, y });
  ctx.setTransform(l.dpr, 0, 0, l.dpr, 0, 0);
  ctx.clearRect(0, 0, l.pixelWidth, l.pixelHeight);
  // Rails.
  const r0 = at(-L / 2 - RAIL_MARGIN, W / 2 + RAIL_MARGIN);
  roundRect(ctx, r0.x, r0.y, (L + 2 * RAIL_MARGIN) * s, (W + 2 * RAIL_MARGIN) * s, 0.04 * s);
  const wood = ctx.createLinearGradient(0, r0.y, 0, r0.y + (W + 2 * RAIL_MARGIN) * s);
  wood.addColorStop(0, '#6b3a1e');
  wood.addColorStop(0.5, '#4a2612');
  wood.addColorStop(1, '#6b3a1e');
  ctx.fillStyle = wood;
  ctx.fill();
  // Cushions, then the playing surface.
  const c0 = at(-L / 2 - CUSHION_WIDTH, W / 2 + CUSHION_WIDTH);
  ctx.fillStyle = '#0b5a35';
  ctx.fillRect(c0.x, c0.y, (L + 2 * CUSHION_WIDTH) * s, (W + 2 * CUSHION_WIDTH) * s);
  const p0 = at(-L / 2, W / 2);
  const cloth = ctx.createRadialGradient(l.cx, l.cy, 0, l.cx, l.cy, (L / 2) * s);
  cloth.addColorStop(0, '#16834f');
  cloth.addColorStop(1, '#0f6d40');
  ctx.fillStyle = cloth;
  ctx.fillRect(p0.x, p0.y, L * s, W * s);
  // Pocket throats: the polygon between the two noses and the drop circle, then the hole.
  ctx.fillStyle = '#050505';
  for (const p of table.pockets) {
    const [a, b] = p.noses;
    const pa = at(a.x, a.y);
    const pb = at(b.x, b.y);
    const pc = at(p.x, p.y);
    ctx.beginPath();
    ctx.moveTo(pa.x, pa.y);
    ctx.lineTo(pb.x, pb.y);
    ctx.lineTo(pc.x, pc.y);
    ctx.closePath();
    ctx.fill();
    ctx.beginPath();
    ctx.arc(pc.x, pc.y, p.radius * s, 0, Math.PI * 2);
    ctx.fill();
  }
  // Cushion faces and jaws as the solver sees them.
  ctx.strokeStyle = '#0a4a2c';
  ctx.lineWidth = Math.max(1, 0.004 * s);
  ctx.beginPath();
  for (const c of table.cushions) {
    const a = at(c.x0, c.y0);
    const b = at(c.x1, c.y1);
    ctx.moveTo(a.x, a.y);
    ctx.lineTo(b.x, b.y);
  }
  ctx.stroke();
  // Sights (diamonds) on the rails: eighths of the length, quarters of the width.
  ctx.fillStyle = '#e8dcc0';
  const dot = (x: number, y: number) => {
    const q = at(x, y);
    ctx.beginPath();
    ctx.arc(q.x, q.y, Math.max(1.5, 0.007 * s), 0, Math.PI * 2);
    ctx.fill();
  };
  const rail = (W / 2 + CUSHION_WIDTH + (RAIL_MARGIN - CUSHION_WIDTH) / 2);
  for (let k = 1; k < 8; k++) if (k !== 4) for (const sy of [1, -1]) dot(-L / 2 + (k * L) / 8, sy * rail);
  const railX = L / 2 + CUSHION_WIDTH + (RAIL_MARGIN - CUSHION_WIDTH) / 2;
  for (let k = 1; k < 4; k++) for (const sx of [1, -1]) dot(sx * railX, -W / 2 + (k * W) / 4);
  // Head string and the spots.
  ctx.strokeStyle = 'rgba(255,255,255,0.25)';
  ctx.setLineDash([4, 4]);
  ctx.beginPath();
  const h0 = at(table.headStringX, W / 2);
  const h1 = at(table.headStringX, -W / 2);
  ctx.moveTo(h0.x, h0.y);
  ctx.lineTo(h1.x, h1.y);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = 'rgba(255,255,255,0.35)';
  for (const sp of [table.footSpot, table.headSpot]) {
    const q = at(sp.x, sp.y);
    ctx.beginPath();
    ctx.arc(q.x, q.y, 2, 0, Math.PI * 2);
    ctx.fill();
  }
}

export function drawBall(ctx: CanvasRenderingContext2D, l: Layout, R: number, b: Point & { id: number }, alpha = 1) {
  const p = tableToScreen(l, b);
  const r = R * l.scale;
  ctx.save();
  ctx.globalAlpha = alpha;
  // Shadow.
  ctx.fillStyle = 'rgba(0,0,0,0.3)';
  ctx.beginPath();
  ctx.arc(p.x + r * 0.18, p.y + r * 0.22, r, 0, Math.PI * 2);
  ctx.fill();
  ctx.beginPath();
  ctx.arc(p.x, p.y, r, 0, Math.PI * 2);
  ctx.clip();
  const stripe = b.id >= 9;
  ctx.fillStyle = stripe ? '#f4f1e6' : ballColour(b.id);
  ctx.fillRect(p.x - r, p.y - r, 2 * r, 2 * r);
  if (stripe) {
    ctx.fillStyle = ballColour(b.id);
    ctx.fillRect(p.x - r, p.y - r * 0.55, 2 * r, r * 1.1);
  }
  if (b.id > 0 && r >= 5) {
    ctx.fillStyle = '#f8f6ef';
    ctx.beginPath();
    ctx.arc(p.x, p.y, r * 0.5, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = '#111';
    ctx.font = `bold ${Math.max(6, Math.round(r * 0.72))}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(String(b.id), p.x, p.y + r * 0.04);
  }
  // Highlight.
  const g = ctx.createRadialGradient(p.x - r * 0.35, p.y - r * 0.4, r * 0.05, p.x, p.y, r * 1.05);
  g.addColorStop(0, 'rgba(255,255,255,0.55)');
  g.addColorStop(0.35, 'rgba(255,255,255,0)');
  g.addColorStop(1, 'rgba(0,0,0,0.35)');
  ctx.fillStyle = g;
  ctx.fillRect(p.x - r, p.y - r, 2 * r, 2 * r);
  ctx.restore();
}

function roundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number) {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}
