// The audio preview webview: header + findings, waveform per channel, mel spectrogram, statistics, playback,
// zoom/pan on a shared time axis. Data arrives as typed-array tiles from the host; nothing decodes the file here.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { EnvelopeTile, HostToWebview, MelTile, PreviewInit, WebviewToHost } from '../../src/protocol/preview';
import type { FileReport, FindingLocation } from '../../src/core/types';
import { custom, el, formatTime } from './dom';
import { renderHeader } from './header';
import { createPlayer, type Player } from './playback';
import { drawMelScale, drawSpectrogram } from './spectrogram';
import { bandLimitHz } from './melAxis';
import { renderStats } from './stats';
import { readPalette, type Palette } from './theme';
import { around, clampView, pan, zoom, type TimeView } from './viewport';
import { drawPlayhead, drawWaveform } from './waveform';

declare function acquireVsCodeApi(): { postMessage(msg: WebviewToHost): void };
const vscode = acquireVsCodeApi();
const post = (m: WebviewToHost) => vscode.postMessage(m);

const init = JSON.parse(document.body.dataset.init ?? '{}') as PreviewInit;
const app = document.getElementById('app')!;
const total = init.format?.frames ?? 0;
const sampleRate = init.format?.sampleRate ?? 1;

let palette: Palette = readPalette();
let report: FileReport | null = init.report;
let view: TimeView = { start: 0, end: Math.max(1, total) };
let overviewEnv: EnvelopeTile | null = null;
let overviewMel: MelTile | null = null;
let viewEnv: EnvelopeTile | null = null;
let viewMel: MelTile | null = null;
let region: { start: number; end: number } | null = null;
let requestId = 0;
let requestTimer: number | undefined;
let renderedOnce = false;
/** Set by start(): zooms to a finding's location, or out to the whole file (declared before start() runs). */
let locateImpl: ((loc: FindingLocation | null) => void) | null = null;
const locate = (loc: FindingLocation | null): void => locateImpl?.(loc);

const header = el('header', 'preview-header');
app.append(header);
const showFindings = () => renderHeader(header, init.fileName, init.format,
  init.findings.length ? init.findings : report?.findings ?? [], locate, report !== null || init.error !== null,
  (action, finding) => post({ type: 'findingAction', action: action.id, rule: finding.rule, location: finding.location ?? null }));

if (init.error || !init.format || total === 0) {
  showFindings();
  const box = el('div', 'error-message');
  box.append(el('span', 'codicon codicon-error'), el('span', '', init.error ?? `${init.fileName}: no audio to show.`));
  app.append(box);
  document.body.dataset.rendered = 'error';
} else {
  start();
}

function start(): void {
  showFindings();
  const toolbar = el('div', 'toolbar');
  const playButton = custom('vscode-button', { icon: 'play', 'aria-label': 'Play', id: 'play' }, 'Play');
  const zoomIn = custom('vscode-button', { icon: 'zoom-in', secondary: '', 'aria-label': 'Zoom in' }, 'Zoom in');
  const zoomOut = custom('vscode-button', { icon: 'zoom-out', secondary: '', 'aria-label': 'Zoom out' }, 'Zoom out');
  const fit = custom('vscode-button', { icon: 'screen-full', secondary: '', 'aria-label': 'Whole file' }, 'Whole file');
  const readout = el('span', 'readout');
  const status = el('span', 'status');
  toolbar.append(playButton, zoomIn, zoomOut, fit, readout, status);
  app.append(toolbar);

  const waves = el('section', 'waveforms');
  const channelCanvases = Array.from({ length: init.format!.channels }, (_, c) => {
    const row = el('div', 'channel');
    const canvas = el('canvas', 'wave');
    row.append(el('span', 'channel-label', init.format!.channels === 1 ? 'mono' : `channel ${c + 1}`), canvas);
    waves.append(row);
    return canvas;
  });
  app.append(waves);

  const melSection = el('section', 'spectrogram');
  const melCanvas = el('canvas', 'mel');
  const melScaleCanvas = el('canvas', 'mel-scale');
  const timeAxis = el('div', 'time-axis');
  if (init.mel) {
    const m = init.mel;
    melSection.append(
      el('div', 'section-label', `Mel spectrogram of the mono downmix · ${m.preset} · ${m.nMels} bands, ${Math.round(m.fmin)}–${Math.round(m.fmax)} Hz · hop ${m.hopLength}`),
      melCanvas, melScaleCanvas);
  } else {
    melSection.append(el('div', 'section-label', 'Mel spectrogram off (audioAudit.mel.preset is "none").'));
  }
  app.append(timeAxis, melSection);
  const stats = el('section', 'stats-section');
  app.append(stats);
  renderStats(stats, report);

  const player: Player | null = createPlayer(init.playback, init.audioSrc, sampleRate, total,
    (id, startFrame, frames) => post({ type: 'requestPcm', requestId: id, startFrame, frames }));
  let cursorFrame = 0;
  if (!player) playButton.setAttribute('disabled', '');
  const setPlayLabel = () => {
    const playing = player?.playing ?? false;
    playButton.setAttribute('icon', playing ? 'debug-pause' : 'play');
    playButton.textContent = playing ? 'Pause' : 'Play';
  };
  if (player) player.onEnded = () => setPlayLabel();
  playButton.addEventListener('click', () => {
    if (!player) return;
    if (player.playing) player.pause();
    else player.play(cursorFrame >= total ? 0 : cursorFrame);
    setPlayLabel();
    animate();
  });

  const sizeCanvas = (c: HTMLCanvasElement) => {
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(c.clientWidth * dpr));
    const h = Math.max(1, Math.round(c.clientHeight * dpr));
    if (c.width !== w || c.height !== h) { c.width = w; c.height = h; }
    const ctx = c.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    return { ctx, w: c.clientWidth, h: c.clientHeight };
  };

  const draw = () => {
    const playhead = player?.position() ?? (cursorFrame > 0 ? cursorFrame : null);
    channelCanvases.forEach((canvas, c) => {
      const { ctx, w, h } = sizeCanvas(canvas);
      const dc = report?.channels[c]?.dcOffset ?? null;
      drawWaveform(ctx, w, h, view, [overviewEnv, viewEnv], c, { dcOffset: dc, minMaxZero: report?.minMax?.dcAfterRoundTrip ?? null }, palette, region);
      drawPlayhead(ctx, w, h, view, playhead, palette.playhead);
    });
    if (init.mel) {
      const { ctx, w, h } = sizeCanvas(melCanvas);
      drawSpectrogram(ctx, w, h, view, [overviewMel, viewMel], init.mel, palette, bandLimitHz(report?.bandwidthHz, sampleRate));
      drawPlayhead(ctx, w, h, view, playhead, palette.playhead);
      const s = sizeCanvas(melScaleCanvas);
      drawMelScale(s.ctx, s.w, s.h, init.mel, palette);
    }
    timeAxis.textContent = `${formatTime(view.start / sampleRate)} – ${formatTime(view.end / sampleRate)}`;
    readout.textContent = playhead !== null ? `▶ ${formatTime(playhead / sampleRate)}` : '';
    if (playhead !== null) document.body.dataset.playhead = String(Math.round(playhead));
    if (!renderedOnce && overviewEnv && overviewEnv.filledColumns > 0) {
      renderedOnce = true;
      document.body.dataset.rendered = 'overview';
      post({ type: 'rendered', what: 'overview', complete: overviewEnv.filledColumns === overviewEnv.columns });
    }
  };

  let animating = false;
  const animate = () => {
    if (animating) return;
    animating = true;
    const step = () => {
      draw();
      if (player?.playing) requestAnimationFrame(step);
      else { animating = false; setPlayLabel(); }
    };
    requestAnimationFrame(step);
  };

  const setView = (v: TimeView) => {
    view = v;
    if (viewEnv && (viewEnv.startFrame !== v.start || viewEnv.endFrame !== v.end)) {
      // Keep the previous zoomed tile while it overlaps; the overview fills the rest until the new tile arrives.
      if (viewEnv.endFrame <= v.start || viewEnv.startFrame >= v.end) { viewEnv = null; viewMel = null; }
    }
    draw();
    window.clearTimeout(requestTimer);
    if (v.start === 0 && v.end === total) { viewEnv = null; viewMel = null; draw(); return; }
    requestTimer = window.setTimeout(() => {
      const columns = Math.max(1, Math.min(Math.round(channelCanvases[0].clientWidth * (window.devicePixelRatio || 1)), Math.ceil(v.end - v.start)));
      requestId++;
      post({ type: 'requestView', requestId, startFrame: Math.floor(v.start), endFrame: Math.ceil(v.end), columns });
    }, 60);
  };

  function locate(loc: FindingLocation | null): void {
    region = loc && { start: loc.startFrame, end: loc.endFrame };
    setView(loc ? around(loc.startFrame, loc.endFrame, total, Math.max(64, Math.round(sampleRate * 0.02))) : clampView(0, total, total));
  }
  locateImpl = locate;

  zoomIn.addEventListener('click', () => setView(zoom(view, 0.5, 0.5, total)));
  zoomOut.addEventListener('click', () => setView(zoom(view, 2, 0.5, total)));
  fit.addEventListener('click', () => locate(null));

  // Wheel zooms around the cursor (shift or a horizontal wheel pans); drag pans; a click moves the playhead.
  for (const surface of [...channelCanvases, melCanvas]) {
    surface.addEventListener('wheel', (e) => {
      e.preventDefault();
      const rect = surface.getBoundingClientRect();
      if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        setView(pan(view, -(e.shiftKey ? e.deltaY : e.deltaX), rect.width, total));
      } else {
        setView(zoom(view, Math.exp(e.deltaY * 0.002), (e.clientX - rect.left) / rect.width, total));
      }
    }, { passive: false });
    let dragX: number | null = null;
    let moved = false;
    surface.addEventListener('pointerdown', (e) => { dragX = e.clientX; moved = false; surface.setPointerCapture(e.pointerId); });
    surface.addEventListener('pointermove', (e) => {
      if (dragX === null) return;
      const dx = e.clientX - dragX;
      if (Math.abs(dx) < 2 && !moved) return;
      moved = true;
      dragX = e.clientX;
      setView(pan(view, dx, surface.getBoundingClientRect().width, total));
    });
    surface.addEventListener('pointerup', (e) => {
      if (dragX !== null && !moved) {
        const rect = surface.getBoundingClientRect();
        cursorFrame = Math.round(view.start + ((e.clientX - rect.left) / rect.width) * (view.end - view.start));
        if (player?.playing) player.play(cursorFrame);
        draw();
      }
      dragX = null;
    });
  }

  window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
    const msg = event.data;
    switch (msg.type) {
      case 'overview':
        overviewEnv = msg.envelope;
        overviewMel = msg.mel;
        status.textContent = msg.done ? '' : `Reading… ${Math.round((100 * msg.envelope.filledColumns) / msg.envelope.columns)} %`;
        if (msg.done) document.body.dataset.overview = 'done';
        draw();
        return;
      case 'view':
        if (msg.requestId !== requestId) return;
        viewEnv = msg.envelope;
        viewMel = msg.mel;
        draw();
        return;
      case 'report':
        report = msg.report;
        renderStats(stats, report);
        if (init.findings.length === 0) showFindings();
        draw();
        return;
      case 'pcm':
        player?.onPcm(msg.requestId, msg);
        return;
      case 'error':
        status.textContent = msg.message;
        status.classList.add('error');
        return;
      case 'locate':
        locate(msg.location);
        return;
    }
  });

  new ResizeObserver(() => draw()).observe(app);
  // Theme switches change the body class; re-read the palette so canvases follow.
  new MutationObserver(() => { palette = readPalette(); draw(); }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  draw();
  post({ type: 'ready' });
}
