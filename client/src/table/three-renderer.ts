// The 3D table (three.js), loaded only when a player picks the 3D view. Same scene, same controls as
// the 2D view: the physics' frame is used as is (metres, z up), balls are spheres whose texture is
// painted here texel by texel with the same body-frame pattern as the 2D ball shader (numbers on body
// ±x, stripe band |z| < 0.55), and each ball's quaternion comes straight from the trajectory.
// Cameras: an orbit camera (right button or two fingers turn it, the wheel zooms; the left button and
// one finger stay for aiming) and a behind-the-cue camera that follows the aim.
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { Table } from '@dojopool/shared/physics/table.ts';
import type { Point } from '../input/mapping.ts';
import { ballColour, isStripe, type Scene, type TableRenderer } from './renderer.ts';

const CUSHION_WIDTH = 0.045;
const RAIL = 0.11;

/** Paints a ball's equirectangular texture so the sphere's geometry frame is the ball's body frame. */
function ballTexture(id: number): THREE.CanvasTexture {
  const W = 512;
  const H = 256;
  const el = document.createElement('canvas');
  el.width = W;
  el.height = H;
  const c = el.getContext('2d')!;
  const glyph = document.createElement('canvas');
  glyph.width = glyph.height = 64;
  const g = glyph.getContext('2d')!;
  if (id > 0) {
    g.fillStyle = '#000';
    g.font = `bold ${id >= 10 ? 34 : 40}px system-ui, sans-serif`;
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText(String(id), 32, 34);
    if (id === 6 || id === 9) g.fillRect(20, 52, 24, 4);
  }
  const ink = g.getImageData(0, 0, 64, 64).data;
  const base = ballColour(id);
  const rgb = [1, 3, 5].map((k) => parseInt(base.slice(k, k + 2), 16));
  const ivory = [245, 240, 225];
  const img = c.createImageData(W, H);
  for (let py = 0; py < H; py++) {
    const theta = ((py + 0.5) / H) * Math.PI;
    for (let px = 0; px < W; px++) {
      const phi = ((px + 0.5) / W) * 2 * Math.PI;
      // three's SphereGeometry: (−cos φ sin θ, cos θ, sin φ sin θ), u = φ/2π, v = 1 − θ/π (row 0 = θ 0).
      const bx = -Math.cos(phi) * Math.sin(theta);
      const by = Math.cos(theta);
      const bz = Math.sin(phi) * Math.sin(theta);
      let col = rgb;
      if (id === 0) {
        col = Math.max(Math.abs(bx), Math.abs(by), Math.abs(bz)) > 0.985 ? [205, 25, 25] : ivory;
      } else {
        if (isStripe(id) && Math.abs(bz) > 0.55) col = ivory;
        if (Math.abs(bx) > 0.91) {
          col = ivory;
          const u = (bx > 0 ? -bz : bz) / 0.83 + 0.5;
          const v = -by / 0.83 + 0.5;
          const gx = Math.min(63, Math.max(0, Math.floor(u * 64)));
          const gy = Math.min(63, Math.max(0, Math.floor(v * 64)));
          const a = ink[(gy * 64 + gx) * 4 + 3]! / 255;
          col = col.map((x) => x * (1 - a) + 12 * a);
        }
      }
      const o = (py * W + px) * 4;
      img.data[o] = col[0]!;
      img.data[o + 1] = col[1]!;
      img.data[o + 2] = col[2]!;
      img.data[o + 3] = 255;
    }
  }
  c.putImageData(img, 0, 0);
  const t = new THREE.CanvasTexture(el);
  t.colorSpace = THREE.SRGBColorSpace;
  t.flipY = true;
  return t;
}

export async function createThreeRenderer(container: HTMLElement, table: Table): Promise<TableRenderer & { cycleCamera(): void; cameraKey(): string }> {
  const R = table.ballRadius;
  const L = table.length;
  const Wd = table.width;
  const renderer = new THREE.WebGLRenderer({ antialias: true, alpha: true });
  renderer.shadowMap.enabled = true;
  renderer.shadowMap.type = THREE.PCFSoftShadowMap;
  const canvas = renderer.domElement;
  canvas.classList.add('table-canvas');
  canvas.dataset.renderer = '3d';
  container.append(canvas);

  const scene = new THREE.Scene();
  scene.background = new THREE.Color('#101614');
  const camera = new THREE.PerspectiveCamera(42, 1, 0.05, 30);
  camera.up.set(0, 0, 1);
  camera.position.set(-2.25, -1.65, 1.85);
  const controls = new OrbitControls(camera, canvas);
  controls.target.set(0, 0, 0);
  controls.mouseButtons = { LEFT: null as unknown as THREE.MOUSE, MIDDLE: THREE.MOUSE.DOLLY, RIGHT: THREE.MOUSE.ROTATE };
  controls.touches = { ONE: null as unknown as THREE.TOUCH, TWO: THREE.TOUCH.DOLLY_ROTATE };
  controls.maxPolarAngle = Math.PI * 0.48;
  controls.minDistance = 0.6;
  controls.maxDistance = 6;
  controls.update();
  let cameraMode: 'orbit' | 'behind' = 'orbit';

  // Light: a soft sky, and a lamp over the table casting the balls' shadows.
  scene.add(new THREE.HemisphereLight('#fff6e0', '#202820', 0.6));
  const lamp = new THREE.SpotLight('#fff4dd', 16, 6, Math.PI / 3, 0.6, 1.2);
  lamp.position.set(0, 0, 2.2);
  lamp.target.position.set(0, 0, 0);
  lamp.castShadow = true;
  lamp.shadow.mapSize.set(1024, 1024);
  lamp.shadow.radius = 4;
  scene.add(lamp, lamp.target);

  // The table: slate with cloth, cushions, wooden rails with diamonds, pockets as the physics has them.
  const cloth = new THREE.MeshStandardMaterial({ color: '#0f6a3f', roughness: 0.95 });
  const cushionMat = new THREE.MeshStandardMaterial({ color: '#0c5a35', roughness: 0.9 });
  const wood = new THREE.MeshStandardMaterial({ color: '#5a2f16', roughness: 0.5, metalness: 0.05 });
  const black = new THREE.MeshBasicMaterial({ color: '#050505' });
  const bed = new THREE.Mesh(new THREE.BoxGeometry(L + 2 * CUSHION_WIDTH, Wd + 2 * CUSHION_WIDTH, 0.04), cloth);
  bed.position.z = -0.02;
  bed.receiveShadow = true;
  scene.add(bed);
  const noseH = 0.037;
  for (const c of table.cushions) {
    if (c.kind !== 'rail') continue;
    // A cushion: the face segment pushed out by its width, as a wedge of cloth-covered rubber.
    const len = Math.hypot(c.x1 - c.x0, c.y1 - c.y0);
    const m = new THREE.Mesh(new THREE.BoxGeometry(len, CUSHION_WIDTH, noseH), cushionMat);
    m.position.set((c.x0 + c.x1) / 2 - (c.nx * CUSHION_WIDTH) / 2, (c.y0 + c.y1) / 2 - (c.ny * CUSHION_WIDTH) / 2, noseH / 2);
    m.rotation.z = Math.atan2(c.y1 - c.y0, c.x1 - c.x0);
    m.castShadow = m.receiveShadow = true;
    scene.add(m);
  }
  const railH = 0.05;
  const railW = RAIL - CUSHION_WIDTH;
  for (const [w, h, x, y] of [
    [L + 2 * RAIL, railW, 0, Wd / 2 + CUSHION_WIDTH + railW / 2],
    [L + 2 * RAIL, railW, 0, -(Wd / 2 + CUSHION_WIDTH + railW / 2)],
    [railW, Wd + 2 * CUSHION_WIDTH, L / 2 + CUSHION_WIDTH + railW / 2, 0],
    [railW, Wd + 2 * CUSHION_WIDTH, -(L / 2 + CUSHION_WIDTH + railW / 2), 0],
  ] as const) {
    const m = new THREE.Mesh(new THREE.BoxGeometry(w, h, railH), wood);
    m.position.set(x, y, railH / 2 - 0.005);
    m.receiveShadow = true;
    scene.add(m);
  }
  const pearl = new THREE.MeshStandardMaterial({ color: '#efe6cf', roughness: 0.3 });
  const diamondGeo = new THREE.CircleGeometry(0.008, 4);
  const railMid = CUSHION_WIDTH + railW / 2;
  const sights: [number, number][] = [];
  for (let k = 1; k < 8; k++) if (k !== 4) for (const sy of [1, -1]) sights.push([-L / 2 + (k * L) / 8, sy * (Wd / 2 + railMid)]);
  for (let k = 1; k < 4; k++) for (const sx of [1, -1]) sights.push([sx * (L / 2 + railMid), -Wd / 2 + (k * Wd) / 4]);
  for (const [x, y] of sights) {
    const d = new THREE.Mesh(diamondGeo, pearl);
    d.position.set(x, y, railH - 0.004);
    scene.add(d);
  }
  for (const p of table.pockets) {
    const hole = new THREE.Mesh(new THREE.CylinderGeometry(p.radius * 1.05, p.radius * 1.05, 0.002, 32), black);
    hole.rotation.x = Math.PI / 2;
    hole.position.set(p.x, p.y, railH + 0.0005);
    scene.add(hole);
    const throat = new THREE.Shape([new THREE.Vector2(p.noses[0].x, p.noses[0].y), new THREE.Vector2(p.noses[1].x, p.noses[1].y), new THREE.Vector2(p.x, p.y)]);
    const tm = new THREE.Mesh(new THREE.ShapeGeometry(throat), black);
    tm.position.z = 0.0008;
    scene.add(tm);
    const cup = new THREE.Mesh(new THREE.CircleGeometry(p.radius, 32), black);
    cup.position.set(p.x, p.y, 0.0009);
    scene.add(cup);
  }

  const sphere = new THREE.SphereGeometry(R, 40, 28);
  const balls = new Map<number, THREE.Mesh>();
  const ballFor = (id: number) => {
    let m = balls.get(id);
    if (m) return m;
    m = new THREE.Mesh(sphere, new THREE.MeshStandardMaterial({ map: ballTexture(id), roughness: 0.18, metalness: 0.0 }));
    m.castShadow = true;
    scene.add(m);
    balls.set(id, m);
    return m;
  };

  // Cue, aim line, ghost ball.
  const cue = new THREE.Group();
  const shaft = new THREE.Mesh(new THREE.CylinderGeometry(0.0065, 0.0145, 1.45, 20), new THREE.MeshStandardMaterial({ color: '#d8bb84', roughness: 0.4 }));
  shaft.rotation.z = Math.PI / 2;
  shaft.position.x = -0.725;
  shaft.castShadow = true;
  const butt = new THREE.Mesh(new THREE.CylinderGeometry(0.0125, 0.0146, 0.45, 20), new THREE.MeshStandardMaterial({ color: '#3a1c0b', roughness: 0.4 }));
  butt.rotation.z = Math.PI / 2;
  butt.position.x = -1.22;
  const tipM = new THREE.Mesh(new THREE.CylinderGeometry(0.0066, 0.0066, 0.012, 16), new THREE.MeshStandardMaterial({ color: '#3b6fb5' }));
  tipM.rotation.z = Math.PI / 2;
  tipM.position.x = -0.006;
  cue.add(shaft, butt, tipM);
  scene.add(cue);
  const lineGeo = new THREE.BufferGeometry().setFromPoints([new THREE.Vector3(), new THREE.Vector3()]);
  const line = new THREE.Line(lineGeo, new THREE.LineDashedMaterial({ color: '#ffffff', dashSize: 0.03, gapSize: 0.02, transparent: true, opacity: 0.85 }));
  scene.add(line);
  const pathGeo = new THREE.BufferGeometry().setFromPoints([new THREE.Vector3(), new THREE.Vector3()]);
  const objectPath = new THREE.Line(pathGeo, new THREE.LineBasicMaterial({ color: '#ffe082' }));
  scene.add(objectPath);
  const ghost = new THREE.Mesh(sphere, new THREE.MeshBasicMaterial({ color: '#ffffff', wireframe: true, transparent: true, opacity: 0.35 }));
  scene.add(ghost);

  const rings: THREE.LineLoop[] = [];
  let width = 1;
  let height = 1;
  let lastAim: { x: number; y: number; angle: number } | null = null;
  const ray = new THREE.Raycaster();
  const plane = new THREE.Plane(new THREE.Vector3(0, 0, 1), -R);

  function placeCamera() {
    if (cameraMode !== 'behind' || !lastAim) return;
    const back = new THREE.Vector3(-Math.cos(lastAim.angle), -Math.sin(lastAim.angle), 0);
    camera.position.set(lastAim.x + back.x * 0.9, lastAim.y + back.y * 0.9, 0.38);
    camera.lookAt(lastAim.x - back.x * 0.8, lastAim.y - back.y * 0.8, 0);
  }

  const toScreen = (p: Point) => {
    const v = new THREE.Vector3(p.x, p.y, R).project(camera);
    return { x: ((v.x + 1) / 2) * width, y: ((1 - v.y) / 2) * height };
  };
  return {
    kind: '3d',
    canvas,
    resize(w, h, dpr) {
      width = Math.max(1, w);
      height = Math.max(1, h);
      renderer.setPixelRatio(Math.min(dpr, 2));
      renderer.setSize(width, height, true);
      camera.aspect = width / height;
      // On a portrait screen, back off so the whole table fits.
      if (cameraMode === 'orbit' && camera.aspect < 1) camera.position.set(-3.6, -0.4, 3.6);
      camera.updateProjectionMatrix();
    },
    render(s: Scene) {
      const seen = new Set<number>();
      for (const b of s.balls) {
        const m = ballFor(b.id);
        seen.add(b.id);
        m.visible = !b.pocketed;
        m.position.set(b.x, b.y, R);
        m.quaternion.set(b.q[0], b.q[1], b.q[2], b.q[3]);
      }
      for (const [id, m] of balls) if (!seen.has(id)) m.visible = false;
      const a = s.aim;
      cue.visible = !!a;
      line.visible = objectPath.visible = ghost.visible = false;
      if (a) {
        lastAim = { x: a.cue.x, y: a.cue.y, angle: a.angle };
        cue.position.set(a.cue.x - Math.cos(a.angle) * (R + a.pull), a.cue.y - Math.sin(a.angle) * (R + a.pull), R);
        cue.rotation.set(0, 0, a.angle);
        cue.rotateY(-0.08);
        if (a.guide && (s.aids || !a.own)) {
          lineGeo.setFromPoints([new THREE.Vector3(a.cue.x, a.cue.y, R), new THREE.Vector3(a.guide.end.x, a.guide.end.y, R)]);
          line.computeLineDistances();
          (line.material as THREE.LineDashedMaterial).color.set(a.own ? '#ffffff' : '#ffc078');
          line.visible = true;
          if (a.own) {
            ghost.visible = true;
            ghost.position.set(a.guide.end.x, a.guide.end.y, R);
            const hit = a.guide.hit !== null ? s.balls.find((b) => b.id === a.guide!.hit) : null;
            if (hit && a.guide.objectAngle !== null) {
              const len = 0.06 + 0.3 * Math.max(0.1, 1 - a.guide.cut);
              pathGeo.setFromPoints([new THREE.Vector3(hit.x, hit.y, R), new THREE.Vector3(hit.x + Math.cos(a.guide.objectAngle) * len, hit.y + Math.sin(a.guide.objectAngle) * len, R)]);
              objectPath.visible = true;
            }
          }
        }
      }
      // Rings on the cloth: a pool of line loops, one per mark.
      (s.marks ?? []).forEach((m, k) => {
        let ring = rings[k];
        if (!ring) {
          ring = new THREE.LineLoop(new THREE.BufferGeometry().setFromPoints(Array.from({ length: 48 }, (_, j) => new THREE.Vector3(Math.cos((j / 48) * Math.PI * 2), Math.sin((j / 48) * Math.PI * 2), 0))), new THREE.LineBasicMaterial({ color: '#ffffff' }));
          scene.add(ring);
          rings.push(ring);
        }
        ring.visible = true;
        ring.position.set(m.x, m.y, 0.001);
        ring.scale.set(m.r, m.r, 1);
        (ring.material as THREE.LineBasicMaterial).color.set(m.colour);
      });
      for (let k = s.marks?.length ?? 0; k < rings.length; k++) rings[k]!.visible = false;
      if (s.placing?.ghost) {
        ghost.visible = true;
        ghost.position.set(s.placing.ghost.x, s.placing.ghost.y, R);
      }
      placeCamera();
      if (cameraMode === 'orbit') controls.update();
      renderer.render(scene, camera);
    },
    toTable(x, y) {
      ray.setFromCamera(new THREE.Vector2((x / width) * 2 - 1, -(y / height) * 2 + 1), camera);
      const hit = new THREE.Vector3();
      return ray.ray.intersectPlane(plane, hit) ? { x: hit.x, y: hit.y } : null;
    },
    toScreen,
    /** Changes whenever the picture would change without the scene changing (the orbit camera moved). */
    cameraKey: () => `${cameraMode}:${camera.position.toArray().map((v) => v.toFixed(4)).join(',')}:${controls.target.toArray().map((v) => v.toFixed(4)).join(',')}`,
    pixelsPerMetre() {
      const a = toScreen({ x: 0, y: 0 });
      const b = toScreen({ x: 0.1, y: 0 });
      return Math.hypot(b.x - a.x, b.y - a.y) * 10;
    },
    cycleCamera() {
      cameraMode = cameraMode === 'orbit' ? 'behind' : 'orbit';
      controls.enabled = cameraMode === 'orbit';
      if (cameraMode === 'orbit') {
        camera.position.set(-2.25, -1.65, 1.85);
        controls.target.set(0, 0, 0);
      }
    },
    destroy() {
      controls.dispose();
      renderer.dispose();
      for (const m of balls.values()) ((m.material as THREE.MeshStandardMaterial).map?.dispose(), (m.material as THREE.Material).dispose());
      canvas.remove();
    },
  };
}
