// The default 2D table, drawn with PixiJS 8 (WebGL). Cloth, rails with diamonds and pocket jaws come
// from the physics' own geometry; balls are one quad each with a small sphere shader: every pixel's
// surface normal is turned into the ball's body frame by its orientation quaternion, so stripes,
// number circles and the cue ball's dots roll exactly as the physics spins the ball. Soft shadows,
// cue stick, aim line, ghost ball and the predicted paths after first contact sit on top.
// The server's Content-Security-Policy has no 'unsafe-eval': PixiJS then needs its eval-free shader
// and uniform sync code from this module.
import 'pixi.js/unsafe-eval';
import { Application, Container, Geometry, Graphics, Mesh, Shader, Sprite, Texture } from 'pixi.js';
import type { Table } from '@dojopool/shared/physics/table.ts';
import { fitTable, RAIL_MARGIN, screenToTable, tableToScreen, type Layout, type Point } from '../input/mapping.ts';
import { conjugate } from './quat.ts';
import { ballColour, isStripe, type Scene, type TableRenderer } from './renderer.ts';

const CUSHION_WIDTH = 0.045;
const CUE_LENGTH = 1.45;

const VERTEX = `
in vec2 aPosition;
out vec2 vPos;
uniform mat3 uProjectionMatrix;
uniform mat3 uWorldTransformMatrix;
uniform mat3 uTransformMatrix;
void main() {
  mat3 mvp = uProjectionMatrix * uWorldTransformMatrix * uTransformMatrix;
  gl_Position = vec4((mvp * vec3(aPosition, 1.0)).xy, 0.0, 1.0);
  vPos = aPosition;
}`;

// vPos: the quad in ball radii, screen axes (y down). uAxes maps screen (x, y up) to table (x, y).
// uInv is the inverse orientation (table → body). Body +x/−x are the number poles, the stripe is the
// band |body z| < 0.55 (it contains both poles), the cue ball wears six small dots on its axes.
const FRAGMENT = `
in vec2 vPos;
out vec4 finalColor;
uniform sampler2D uNumber;
uniform vec4 uInv;
uniform vec4 uAxes;
uniform vec3 uColor;
uniform vec3 uMisc; // x: stripe, y: cue ball, z: radius in pixels
vec3 rot(vec4 q, vec3 v) {
  vec3 t = 2.0 * cross(q.xyz, v);
  return v + q.w * t + cross(q.xyz, t);
}
void main() {
  vec2 s = vec2(vPos.x, -vPos.y);
  float r2 = dot(s, s);
  float edge = 1.0 - smoothstep(1.0 - 1.5 / uMisc.z, 1.0, sqrt(r2));
  if (edge <= 0.0) discard;
  vec3 ns = vec3(s, sqrt(max(0.0, 1.0 - r2)));
  vec3 nt = vec3(uAxes.x * s.x + uAxes.y * s.y, uAxes.z * s.x + uAxes.w * s.y, ns.z);
  vec3 b = rot(uInv, nt);
  vec3 ivory = vec3(0.96, 0.94, 0.88);
  vec3 col = uColor;
  if (uMisc.x > 0.5 && abs(b.z) > 0.55) col = ivory;
  if (uMisc.y > 0.5) {
    col = ivory;
    vec3 a = abs(b);
    if (max(a.x, max(a.y, a.z)) > 0.985) col = vec3(0.8, 0.1, 0.1);
  } else {
    // Small balls (a phone) get bigger number circles so the numbers stay readable.
    float small = clamp((12.0 - uMisc.z) / 6.0, 0.0, 1.0);
    float cosPole = mix(0.91, 0.70, small);
    float span = 2.0 * sqrt(1.0 - cosPole * cosPole);
    float pole = abs(b.x);
    if (pole > cosPole) {
      col = ivory;
      vec2 uv = (b.x > 0.0 ? vec2(-b.z, -b.y) : vec2(b.z, -b.y)) / span + 0.5;
      float ink = texture(uNumber, uv).a;
      col = mix(col, vec3(0.05), ink);
    }
  }
  vec3 L = normalize(vec3(-0.35, 0.45, 1.0));
  float diff = max(dot(ns, L), 0.0);
  vec3 H = normalize(L + vec3(0.0, 0.0, 1.0));
  float spec = pow(max(dot(ns, H), 0.0), 60.0);
  vec3 lit = col * (0.35 + 0.75 * diff) + vec3(0.55) * spec;
  lit *= 0.75 + 0.25 * ns.z;
  finalColor = vec4(lit * edge, edge);
}`;

function canvasTexture(w: number, h: number, draw: (c: CanvasRenderingContext2D) => void): Texture {
  const el = document.createElement('canvas');
  el.width = w;
  el.height = h;
  draw(el.getContext('2d')!);
  return Texture.from(el);
}

function numberTexture(id: number): Texture {
  return canvasTexture(64, 64, (c) => {
    if (id <= 0) return;
    c.fillStyle = '#000';
    c.font = `bold ${id >= 10 ? 34 : 40}px system-ui, sans-serif`;
    c.textAlign = 'center';
    c.textBaseline = 'middle';
    c.fillText(String(id), 32, 34);
    if (id === 6 || id === 9) c.fillRect(20, 52, 24, 4); // which way up
  });
}

const hex = (c: string): [number, number, number] => [parseInt(c.slice(1, 3), 16) / 255, parseInt(c.slice(3, 5), 16) / 255, parseInt(c.slice(5, 7), 16) / 255];

type BallSprite = { mesh: Mesh<Geometry, Shader>; shadow: Sprite; shader: Shader };

export async function createPixiRenderer(container: HTMLElement, table: Table): Promise<TableRenderer> {
  const app = new Application();
  await app.init({ preference: 'webgl', antialias: false, backgroundAlpha: 0, autoStart: false, width: 1, height: 1, resolution: window.devicePixelRatio || 1, autoDensity: true });
  const canvas = app.canvas;
  canvas.classList.add('table-canvas');
  canvas.dataset.renderer = '2d';
  container.append(canvas);
  const R = table.ballRadius;
  let layout: Layout = fitTable({ width: 1, height: 1 }, table.length, table.width, 1, 'auto');

  const tableLayer = new Graphics();
  const clothSprite = new Sprite(canvasTexture(256, 128, (c) => {
    // Cloth: a lit centre falling off to the rails, with fine weave noise (seeded, generated here).
    const g = c.createRadialGradient(128, 64, 10, 128, 64, 150);
    g.addColorStop(0, '#1d9a5e');
    g.addColorStop(1, '#0f6a3f');
    c.fillStyle = g;
    c.fillRect(0, 0, 256, 128);
    let seed = 7;
    for (let i = 0; i < 5000; i++) {
      seed = (seed * 16807) % 2147483647;
      const x = seed % 256;
      seed = (seed * 16807) % 2147483647;
      const y = seed % 128;
      c.fillStyle = seed % 2 ? 'rgba(255,255,255,0.035)' : 'rgba(0,0,0,0.05)';
      c.fillRect(x, y, 1, 1);
    }
  }));
  const overTable = new Graphics();
  const shadowLayer = new Container();
  const ballLayer = new Container();
  const overlay = new Graphics();
  const cueLayer = new Graphics();
  // The table itself (rails, cloth, pockets) changes only on a resize: drawn once into a texture, so a
  // frame composites one quad for it instead of re-rasterising every shape (software WebGL pays per pixel).
  const staticLayer = new Container();
  staticLayer.addChild(tableLayer, clothSprite, overTable);
  app.stage.addChild(staticLayer, shadowLayer, ballLayer, overlay, cueLayer);

  const shadowTex = canvasTexture(64, 64, (c) => {
    const g = c.createRadialGradient(32, 32, 4, 32, 32, 32);
    g.addColorStop(0, 'rgba(0,0,0,0.55)');
    g.addColorStop(0.55, 'rgba(0,0,0,0.3)');
    g.addColorStop(1, 'rgba(0,0,0,0)');
    c.fillStyle = g;
    c.fillRect(0, 0, 64, 64);
  });
  const quad = new Geometry({ attributes: { aPosition: [-1, -1, 1, -1, 1, 1, -1, 1] }, indexBuffer: [0, 1, 2, 0, 2, 3] });
  const sprites = new Map<number, BallSprite>();
  const spriteFor = (id: number): BallSprite => {
    let s = sprites.get(id);
    if (s) return s;
    const shader = Shader.from({
      gl: { vertex: VERTEX, fragment: FRAGMENT, name: 'pool-ball' },
      resources: {
        ball: {
          uInv: { value: new Float32Array([0, 0, 0, 1]), type: 'vec4<f32>' },
          uAxes: { value: new Float32Array([1, 0, 0, 1]), type: 'vec4<f32>' },
          uColor: { value: new Float32Array(hex(ballColour(id))), type: 'vec3<f32>' },
          uMisc: { value: new Float32Array([isStripe(id) ? 1 : 0, id === 0 ? 1 : 0, 10]), type: 'vec3<f32>' },
        },
        uNumber: numberTexture(id).source,
      },
    });
    const mesh = new Mesh({ geometry: quad, shader });
    const shadow = new Sprite(shadowTex);
    shadow.anchor.set(0.5);
    shadowLayer.addChild(shadow);
    ballLayer.addChild(mesh);
    s = { mesh, shadow, shader };
    sprites.set(id, s);
    return s;
  };

  const at = (p: Point) => tableToScreen(layout, p);

  function drawTable() {
    const s = layout.scale;
    const L = table.length;
    const W = table.width;
    const g = tableLayer.clear();
    const corners = (hx: number, hy: number) => [at({ x: -hx, y: hy }), at({ x: hx, y: hy }), at({ x: hx, y: -hy }), at({ x: -hx, y: -hy })];
    const box = (hx: number, hy: number) => {
      const c = corners(hx, hy);
      const xs = c.map((p) => p.x);
      const ys = c.map((p) => p.y);
      return { x: Math.min(...xs), y: Math.min(...ys), w: Math.max(...xs) - Math.min(...xs), h: Math.max(...ys) - Math.min(...ys) };
    };
    // Rails: dark outer edge, wood, a lighter bevel.
    const outer = box(L / 2 + RAIL_MARGIN, W / 2 + RAIL_MARGIN);
    g.roundRect(outer.x - 3, outer.y - 3, outer.w + 6, outer.h + 6, 0.05 * s).fill('#1a0d05');
    g.roundRect(outer.x, outer.y, outer.w, outer.h, 0.045 * s).fill('#5a2f16');
    const bevel = box(L / 2 + RAIL_MARGIN - 0.012, W / 2 + RAIL_MARGIN - 0.012);
    g.roundRect(bevel.x, bevel.y, bevel.w, bevel.h, 0.035 * s).stroke({ width: Math.max(1, 0.006 * s), color: '#7b4422', alpha: 0.9 });
    // Cushions (rubber under cloth), a shade darker than the bed.
    const cush = box(L / 2 + CUSHION_WIDTH, W / 2 + CUSHION_WIDTH);
    g.rect(cush.x, cush.y, cush.w, cush.h).fill('#0c5a35');
    const bed = box(L / 2, W / 2);
    clothSprite.position.set(bed.x, bed.y);
    clothSprite.width = bed.w;
    clothSprite.height = bed.h;
    // Diamonds (sights): eighths of the length, quarters of the width, on the rail's middle.
    const railY = W / 2 + CUSHION_WIDTH + (RAIL_MARGIN - CUSHION_WIDTH) / 2;
    const railX = L / 2 + CUSHION_WIDTH + (RAIL_MARGIN - CUSHION_WIDTH) / 2;
    const d = Math.max(2.5, 0.011 * s);
    const diamond = (p: Point) => {
      const q = at(p);
      g.poly([q.x, q.y - d, q.x + d * 0.7, q.y, q.x, q.y + d, q.x - d * 0.7, q.y]).fill('#efe6cf');
    };
    for (let k = 1; k < 8; k++) if (k !== 4) for (const sy of [1, -1]) diamond({ x: -L / 2 + (k * L) / 8, y: sy * railY });
    for (let k = 1; k < 4; k++) for (const sx of [1, -1]) diamond({ x: sx * railX, y: -W / 2 + (k * W) / 4 });

    // On the cloth: head string, spots, then the pockets' throats (jaws as the solver has them).
    const o = overTable.clear();
    const h0 = at({ x: table.headStringX, y: W / 2 });
    const h1 = at({ x: table.headStringX, y: -W / 2 });
    o.moveTo(h0.x, h0.y).lineTo(h1.x, h1.y).stroke({ width: 1, color: '#ffffff', alpha: 0.18 });
    for (const sp of [table.footSpot, table.headSpot]) {
      const q = at(sp);
      o.circle(q.x, q.y, Math.max(1.5, 0.006 * s)).fill({ color: '#ffffff', alpha: 0.35 });
    }
    for (const p of table.pockets) {
      const [a, b] = p.noses;
      const pa = at(a);
      const pb = at(b);
      const pc = at(p);
      // The throat: from the noses back to the drop circle, as black as the hole, with a leather liner.
      const out = Math.atan2(pc.y - (pa.y + pb.y) / 2, pc.x - (pa.x + pb.x) / 2);
      const far = { x: pc.x + Math.cos(out) * p.radius * s, y: pc.y + Math.sin(out) * p.radius * s };
      o.poly([pa.x, pa.y, pb.x, pb.y, far.x, far.y]).fill('#060606');
      o.circle(pc.x, pc.y, p.radius * s * 1.12).fill('#2a1a10');
      o.circle(pc.x, pc.y, p.radius * s).fill('#050505');
      o.poly([pa.x, pa.y, pb.x, pb.y, pc.x, pc.y]).fill('#050505');
    }
    for (const c of table.cushions) {
      if (c.kind !== 'jaw') continue;
      const a = at({ x: c.x0, y: c.y0 });
      const b = at({ x: c.x1, y: c.y1 });
      o.moveTo(a.x, a.y).lineTo(b.x, b.y).stroke({ width: Math.max(1.5, 0.006 * s), color: '#0a4a2c' });
    }
  }

  function dashed(g: Graphics, a: Point, b: Point, colour: string, alpha: number, width: number, dash = 8, gap = 6) {
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    if (len < 1) return;
    const ux = (b.x - a.x) / len;
    const uy = (b.y - a.y) / len;
    for (let t = 0; t < len; t += dash + gap) {
      const e = Math.min(len, t + dash);
      g.moveTo(a.x + ux * t, a.y + uy * t).lineTo(a.x + ux * e, a.y + uy * e);
    }
    g.stroke({ width, color: colour, alpha, cap: 'round' });
  }

  function drawCue(g: Graphics, cue: Point, angle: number, pull: number, alpha: number) {
    const s = layout.scale;
    const back = { x: -Math.cos(angle), y: -Math.sin(angle) };
    const side = { x: -back.y, y: back.x };
    const seg = (from: number, to: number, w0: number, w1: number, colour: string, a = alpha) => {
      const p0 = { x: cue.x + back.x * from, y: cue.y + back.y * from };
      const p1 = { x: cue.x + back.x * to, y: cue.y + back.y * to };
      const pts = [
        { x: p0.x + side.x * w0, y: p0.y + side.y * w0 }, { x: p1.x + side.x * w1, y: p1.y + side.y * w1 },
        { x: p1.x - side.x * w1, y: p1.y - side.y * w1 }, { x: p0.x - side.x * w0, y: p0.y - side.y * w0 },
      ].map(at);
      g.poly(pts.flatMap((p) => [p.x, p.y])).fill({ color: colour, alpha: a });
    };
    const tip = R + pull;
    const wAt = (d: number) => 0.0065 + ((0.0145 - 0.0065) * (d - tip)) / CUE_LENGTH;
    // Shadow first, offset like the balls'.
    const sh = 0.012;
    const sp0 = at({ x: cue.x + back.x * tip + sh * 0.5, y: cue.y + back.y * tip - sh });
    const sp1 = at({ x: cue.x + back.x * (tip + CUE_LENGTH) + sh * 0.5, y: cue.y + back.y * (tip + CUE_LENGTH) - sh });
    g.moveTo(sp0.x, sp0.y).lineTo(sp1.x, sp1.y).stroke({ width: Math.max(2, 0.02 * s), color: '#000', alpha: 0.22 * alpha, cap: 'round' });
    seg(tip, tip + 0.012, wAt(tip), wAt(tip + 0.012), '#3b6fb5');
    seg(tip + 0.012, tip + 0.03, wAt(tip + 0.012), wAt(tip + 0.03), '#f3efe4');
    seg(tip + 0.03, tip + 0.8, wAt(tip + 0.03), wAt(tip + 0.8), '#dcc08a');
    seg(tip + 0.8, tip + 1.05, wAt(tip + 0.8), wAt(tip + 1.05), '#6d3518');
    seg(tip + 1.05, tip + 1.35, wAt(tip + 1.05), wAt(tip + 1.35), '#1c1c1c');
    seg(tip + 1.35, tip + CUE_LENGTH, wAt(tip + 1.35), wAt(tip + CUE_LENGTH), '#4a2510');
  }

  let last: Scene | null = null;
  // Read by the browser tests: what the last frame drew, in CSS pixels (no cost per frame).
  Object.assign(canvas, {
    tableState: () => ({
      renderer: '2d',
      rotated: !!layout.rotated,
      ballPx: 2 * R * layout.scale,
      balls: (last?.balls ?? []).filter((b) => !b.pocketed).map((b) => ({ id: b.id, ...at(b) })),
      placing: !!last?.placing,
    }),
  });

  function render(scene: Scene) {
    last = scene;
    const s = layout.scale;
    const r = R * s;
    const seen = new Set<number>();
    const axes = layout.rotated ? [0, 1, -1, 0] : [1, 0, 0, 1];
    for (const b of scene.balls) {
      const sp = spriteFor(b.id);
      seen.add(b.id);
      const visible = !b.pocketed;
      sp.mesh.visible = sp.shadow.visible = visible;
      if (!visible) continue;
      const p = at(b);
      sp.mesh.position.set(p.x, p.y);
      sp.mesh.scale.set(r);
      sp.shadow.position.set(p.x + r * 0.25, p.y + r * 0.35);
      sp.shadow.width = sp.shadow.height = r * 2.6;
      const u = sp.shader.resources.ball.uniforms;
      (u.uInv as Float32Array).set(conjugate(b.q));
      (u.uAxes as Float32Array).set(axes);
      (u.uMisc as Float32Array)[2] = r;
    }
    for (const [id, sp] of sprites) if (!seen.has(id)) sp.mesh.visible = sp.shadow.visible = false;

    const g = overlay.clear();
    const cueG = cueLayer.clear();
    for (const m of scene.marks ?? []) {
      const c = at(m);
      g.circle(c.x, c.y, m.r * s).stroke({ width: 2, color: m.colour, alpha: 0.85 });
    }
    if (scene.call) {
      const q = at(scene.call.pocket);
      const c = at(scene.call.ball);
      g.circle(q.x, q.y, scene.call.pocket.radius * s * 1.25).stroke({ width: 3, color: '#ffd54f' });
      g.circle(c.x, c.y, r * 1.6).stroke({ width: 2, color: '#ffd54f' });
      dashed(g, c, q, '#ffd54f', 0.45, 1.5, 3, 6);
    }
    if (scene.placing) {
      const cue = scene.balls.find((b) => b.id === 0 && !b.pocketed);
      if (cue) {
        const c = at(cue);
        g.circle(c.x, c.y, r * 1.9).stroke({ width: 2, color: '#ffffff', alpha: 0.85 });
      }
      const gh = scene.placing.ghost;
      if (gh) {
        const q = at(gh);
        g.circle(q.x, q.y, r).fill({ color: '#ffffff', alpha: 0.45 }).stroke({ width: 2, color: scene.placing.legal ? '#ffffff' : '#ef5350' });
      }
    }
    const aim = scene.aim;
    if (aim) {
      const colour = aim.own ? '#ffffff' : '#ffc078';
      const c = at(aim.cue);
      if (aim.guide && (scene.aids || !aim.own)) {
        const e = at(aim.guide.end);
        dashed(g, c, e, colour, aim.own ? 0.85 : 0.6, 1.5);
        if (aim.own && scene.aids) {
          g.circle(e.x, e.y, r).stroke({ width: 1.5, color: colour, alpha: 0.85 });
          const hit = aim.guide.hit !== null ? scene.balls.find((b) => b.id === aim.guide!.hit) : null;
          if (hit && aim.guide.objectAngle !== null) {
            const len = 0.06 + 0.3 * Math.max(0.1, 1 - aim.guide.cut);
            const o = at(hit);
            const oe = at({ x: hit.x + Math.cos(aim.guide.objectAngle) * len, y: hit.y + Math.sin(aim.guide.objectAngle) * len });
            g.moveTo(o.x, o.y).lineTo(oe.x, oe.y).stroke({ width: 2, color: '#ffe082', alpha: 0.9 });
          }
          if (aim.guide.cueAfterAngle !== null) {
            const len = 0.04 + 0.25 * aim.guide.cut;
            const ce = at({ x: aim.guide.end.x + Math.cos(aim.guide.cueAfterAngle) * len, y: aim.guide.end.y + Math.sin(aim.guide.cueAfterAngle) * len });
            dashed(g, e, ce, '#9fd3ff', 0.8, 1.5, 4, 4);
          }
        }
      }
      drawCue(cueG, aim.cue, aim.angle, aim.pull, aim.own ? 1 : 0.75);
    }
    app.render();
  }

  return {
    kind: '2d',
    canvas,
    resize(width, height, dpr) {
      layout = fitTable({ width, height }, table.length, table.width, dpr, 'auto');
      app.renderer.resolution = dpr;
      app.renderer.resize(Math.max(1, width), Math.max(1, height));
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
      canvas.dataset.rotated = layout.rotated ? '1' : '0';
      drawTable();
      staticLayer.cacheAsTexture({ resolution: dpr, antialias: true });
      staticLayer.updateCacheTexture();
    },
    render,
    toTable: (x, y) => screenToTable(layout, { x, y }),
    toScreen: (p) => tableToScreen(layout, p),
    pixelsPerMetre: () => layout.scale,
    destroy() {
      app.destroy({ removeView: true }, { children: true, texture: true, textureSource: true });
    },
  };
}
