// chart.js charts: findings by rule, per-metric histograms with threshold lines, mel band mean/std.
// chart.js 4 needs neither eval nor inline style attributes: it sizes the canvas through the CSSOM (el.style.x = …),
// which a CSP without 'unsafe-inline' allows; animations are off so 100 000-file reports render at once.
import {
  BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip,
  type ChartEvent, type Plugin,
} from 'chart.js';
import type { RuleId, Severity } from '../../src/core/types';
import { binEdge, type Histogram } from '../../src/core/report/histogram';
import type { ReferenceLine } from '../../src/core/report/metrics';
import type { ChartColors } from './theme';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend, Filler);

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

export function findingsChart(canvas: HTMLCanvasElement, rows: readonly { rule: RuleId; files: number; severity: Severity }[],
  selected: RuleId | null, onRule: (rule: RuleId) => void, c: ChartColors): Chart<'bar'> {
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
      plugins: { ...base.plugins, tooltip: { callbacks: { label: (item) => `${item.raw} files` } } },
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
