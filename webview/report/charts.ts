// chart.js charts: findings by rule, per-metric histograms with threshold lines, mel band mean/std.
// chart.js 4 needs neither eval nor inline style attributes: it sizes the canvas through the CSSOM (el.style.x = …),
// which a CSP without 'unsafe-inline' allows; animations are off so 100 000-file reports render at once.
import {
  BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, ScatterController,
  Tooltip, type ChartEvent, type Plugin,
} from 'chart.js';
import type { RuleId, Severity } from '../../src/core/types';
import { binEdge, type Histogram } from '../../src/core/report/histogram';
import type { ReferenceLine } from '../../src/core/report/metrics';
import type { DurationScatter } from '../../src/core/report/manifestView';
import type { ChartColors } from './theme';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, ScatterController, Tooltip, Legend, Filler);

function baseOptions(c: ChartColors) {
  return {
    animation: false as const,
    responsive: true,
    maintainAspectRatio: false,
    color: c.foreground,
    font: { size: 11 },
    scales: {
      x: { ticks: { color: c.muted, maxRotation: 0, autoSkipPadding: 8 }, grid: { color: c.grid, display: false } },
      y: { ticks: { color: c.muted, precision: 0 }, grid: { color: c.grid }, beginAtZero: true },
    },
    plugins: { legend: { display: false } },
  };
}

/** Number of decimals that shows a bin width exactly (0.005 -> 3). */
export function decimalsFor(width: number): number {
  return Math.max(0, Math.min(6, -Math.floor(Math.log10(width) + 1e-9)));
}

function binLabel(h: Histogram, i: number): string {
  const d = decimalsFor(h.width);
  return binEdge(h, i).toFixed(d);
}

/** Draws dashed vertical lines at threshold values, placed between the category bars by linear interpolation. */
function referenceLinePlugin(h: Histogram, lines: readonly ReferenceLine[], color: string, integer: boolean): Plugin<'bar'> {
  return {
    id: 'referenceLines',
    afterDatasetsDraw(chart) {
      const x = chart.scales.x;
      if (!x || h.counts.length === 0) return;
      const step = h.counts.length > 1 ? x.getPixelForValue(1) - x.getPixelForValue(0) : chart.chartArea.width;
      const left = x.getPixelForValue(0) - step / 2;
      const { ctx, chartArea } = chart;
      ctx.save();
      ctx.strokeStyle = color;
      ctx.fillStyle = color;
      ctx.setLineDash([4, 3]);
      ctx.lineWidth = 1.5;
      ctx.font = '10px sans-serif';
      for (const line of lines) {
        // An integer value v is the whole bin [v, v+1) (width 1), so its line goes through the bar's middle.
        const px = left + (line.value / h.width - h.first + (integer ? 0.5 / h.width : 0)) * step;
        if (px < chartArea.left - 1 || px > chartArea.right + 1) continue;
        ctx.beginPath();
        ctx.moveTo(px, chartArea.top);
        ctx.lineTo(px, chartArea.bottom);
        ctx.stroke();
      }
      ctx.restore();
    },
  };
}

export interface HistogramChartInput {
  readonly title: string;
  readonly histogram: Histogram;
  readonly lines: readonly ReferenceLine[];
  /** Index of the bin the table is filtered to, or -1. */
  readonly selected: number;
  readonly integer: boolean;
  readonly onBin: (index: number) => void;
}

export function histogramChart(canvas: HTMLCanvasElement, input: HistogramChartInput, c: ChartColors): Chart<'bar'> {
  const h = input.histogram;
  const base = baseOptions(c);
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: h.counts.map((_, i) => binLabel(h, i)),
      datasets: [{
        data: h.counts,
        backgroundColor: h.counts.map((_, i) => (i === input.selected ? c.selected : c.bar)),
        barPercentage: 1,
        categoryPercentage: 1,
        borderWidth: 0,
      }],
    },
    options: {
      ...base,
      onClick: (_e: ChartEvent, elements) => { if (elements.length) input.onBin(elements[0].index); },
      plugins: {
        ...base.plugins,
        tooltip: {
          callbacks: {
            title: (items) => {
              const i = items[0].dataIndex;
              return `[${binLabel(h, i)}, ${binLabel(h, i + 1)})`;
            },
            label: (item) => `${item.raw} files`,
          },
        },
      },
    },
    plugins: [referenceLinePlugin(h, input.lines, c.reference, input.integer)],
  });
}

/** Horizontal bars per rule, coloured by severity; `unit` names what is counted ("files", "findings"). */
export function findingsChart(canvas: HTMLCanvasElement, rows: readonly { rule: RuleId; files: number; severity: Severity }[],
  selected: RuleId | null, onRule: (rule: RuleId) => void, c: ChartColors, unit = 'files'): Chart<'bar'> {
  const base = baseOptions(c);
  const color = (s: Severity) => (s === 'error' ? c.error : s === 'warning' ? c.warning : c.info);
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: rows.map((r) => r.rule),
      datasets: [{
        data: rows.map((r) => r.files),
        backgroundColor: rows.map((r) => (r.rule === selected ? c.selected : color(r.severity))),
        borderWidth: 0,
      }],
    },
    options: {
      ...base,
      indexAxis: 'y',
      scales: {
        x: { ticks: { color: c.muted, precision: 0 }, grid: { color: c.grid }, beginAtZero: true },
        y: { ticks: { color: c.foreground, autoSkip: false }, grid: { display: false } },
      },
      onClick: (_e: ChartEvent, elements) => { if (elements.length) onRule(rows[elements[0].index].rule); },
      plugins: { ...base.plugins, tooltip: { callbacks: { label: (item) => `${item.raw} ${unit}` } } },
    },
  });
}

export function melBandChart(canvas: HTMLCanvasElement, mean: readonly number[], std: readonly number[], c: ChartColors): Chart<'line'> {
  const base = baseOptions(c);
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels: mean.map((_, i) => String(i)),
      datasets: [
        { label: 'mean dB', data: [...mean], borderColor: c.line, backgroundColor: c.line, pointRadius: 0, borderWidth: 1.5 },
        { label: 'std dB', data: [...std], borderColor: c.line2, backgroundColor: c.line2, pointRadius: 0, borderWidth: 1.5 },
      ],
    },
    options: {
      ...base,
      scales: {
        x: { ...base.scales.x, title: { display: true, text: 'mel band', color: c.muted } },
        y: { ticks: { color: c.muted }, grid: { color: c.grid }, title: { display: true, text: 'dB', color: c.muted } },
      },
      plugins: { legend: { display: true, labels: { color: c.foreground, boxWidth: 12 } } },
    },
  });
}

/** Draws y = x across the plot (both axes share one range, so it is the plot's diagonal). */
function diagonalPlugin(lo: number, hi: number, color: string): Plugin<'scatter'> {
  return {
    id: 'diagonal',
    beforeDatasetsDraw(chart) {
      const { x, y } = chart.scales;
      if (!x || !y) return;
      const { ctx, chartArea } = chart;
      ctx.save();
      ctx.beginPath();
      ctx.rect(chartArea.left, chartArea.top, chartArea.width, chartArea.height);
      ctx.clip();
      ctx.strokeStyle = color;
      ctx.setLineDash([4, 3]);
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(x.getPixelForValue(lo), y.getPixelForValue(lo));
      ctx.lineTo(x.getPixelForValue(hi), y.getPixelForValue(hi));
      ctx.stroke();
      ctx.restore();
    },
  };
}

/**
 * Declared (x) against decoded (y) seconds, one point per whole-file manifest entry, y = x dashed: points off it by
 * more than the threshold are manifest-duration-mismatch findings and drawn in the warning colour.
 */
export function durationScatterChart(canvas: HTMLCanvasElement, s: DurationScatter, manifestPaths: readonly string[], c: ChartColors): Chart<'scatter'> {
  type Point = { x: number; y: number; m: number };
  const on: Point[] = [];
  const off: Point[] = [];
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < s.declared.length; i++) {
    const p = { x: s.declared[i], y: s.decoded[i], m: s.manifest[i] };
    (Math.abs(p.x - p.y) > s.thresholdSec ? off : on).push(p);
    lo = Math.min(lo, p.x, p.y);
    hi = Math.max(hi, p.x, p.y);
  }
  if (!(hi > lo)) { lo = Number.isFinite(lo) ? lo - 1 : 0; hi = Number.isFinite(hi) ? hi + 1 : 1; }
  const pad = (hi - lo) * 0.05;
  lo = Math.max(0, lo - pad);
  hi += pad;
  const axis = (text: string) => ({
    type: 'linear' as const, min: lo, max: hi,
    ticks: { color: c.muted }, grid: { color: c.grid }, title: { display: true, text, color: c.muted },
  });
  return new Chart(canvas, {
    type: 'scatter',
    data: {
      datasets: [
        { label: 'within the threshold', data: on, backgroundColor: c.bar, borderColor: c.bar, pointRadius: 2.5 },
        { label: `mismatch > ${s.thresholdSec} s`, data: off, backgroundColor: c.warning, borderColor: c.warning, pointRadius: 3.5 },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      color: c.foreground,
      scales: { x: axis('declared (s)'), y: axis('decoded (s)') },
      plugins: {
        legend: { display: true, labels: { color: c.foreground, boxWidth: 10 } },
        tooltip: {
          callbacks: {
            label: (item) => {
              const p = item.raw as Point;
              return `${manifestPaths[p.m] ?? ''}: declared ${p.x} s, decoded ${p.y.toFixed(3)} s`;
            },
          },
        },
      },
    },
    plugins: [diagonalPlugin(lo, hi, c.muted)],
  });
}
