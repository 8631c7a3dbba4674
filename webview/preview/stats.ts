// Statistics table: every per-channel and file-level statistic of the core's FileReport, with units.
import type { ChannelStats, FileReport } from '../../src/core/types';
import { el, formatNumber } from './dom';

type Row = readonly [label: string, unit: string, value: (r: FileReport) => number | string | null | undefined];
type ChannelRow = readonly [label: string, unit: string, value: (c: ChannelStats) => number | null];

const CHANNEL_ROWS: readonly ChannelRow[] = [
  ['DC offset (mean)', 'FS', (c) => c.dcOffset],
  ['Minimum', 'FS', (c) => c.min],
  ['Maximum', 'FS', (c) => c.max],
  ['Peak |x|', 'FS', (c) => c.peak],
  ['Peak', 'dBFS', (c) => c.peakDbfs],
  ['RMS', 'dBFS', (c) => c.rmsDbfs],
  ['Crest factor', 'dB', (c) => c.crestDb],
  ['Clipped samples', 'samples', (c) => c.clippedSamples],
  ['Longest clip run', 'samples', (c) => c.longestClipRun],
  ['Longest clip run start', 'frame', (c) => c.longestClipRunStart],
  ['Non-finite samples', 'samples', (c) => c.nonFinite],
  ['First non-finite', 'frame', (c) => c.firstNonFiniteFrame],
  ['Effective bit depth', 'bits', (c) => c.effectiveBits],
];

const FILE_ROWS: readonly Row[] = [
  ['DC offset (mono)', 'FS', (r) => r.dcOffset],
  ['Peak |x| (all channels)', 'FS', (r) => r.peak],
  ['Peak', 'dBFS', (r) => r.peakDbfs],
  ['RMS', 'dBFS', (r) => r.rmsDbfs],
  ['Stereo downmix loss', 'dB', (r) => r.stereoDownmixLossDb],
  // Effective bandwidth of the mono downmix (src/core/stats/bandwidth.ts): sr/2 when no cliff was found.
  ['Bandwidth', 'Hz', (r) => (r.bandwidthHz == null ? r.bandwidthHz : Math.round(r.bandwidthHz))],
  ['Bandwidth / (sr/2)', '%', (r) => (r.bandwidthHz != null && r.format ? (r.bandwidthHz / (r.format.sampleRate / 2)) * 100 : null)],
  ['Min-max q_levels', 'levels', (r) => r.minMax?.qLevels],
  ['Min-max mono minimum', 'FS', (r) => r.minMax?.min],
  ['Min-max mono maximum', 'FS', (r) => r.minMax?.max],
  ['Silence quantizes to bin', 'bin', (r) => r.minMax?.zeroBin],
  ['Expected zero bin', 'bin', (r) => r.minMax?.expectedZeroBin],
  ['Zero-bin shift', 'bins', (r) => r.minMax?.binShift],
  ['DC after round trip', 'FS', (r) => r.minMax?.dcAfterRoundTrip],
  ['Min-max gain', 'dB', (r) => r.minMax?.gainDb],
  ['Mel preset', '', (r) => r.mel?.preset],
  ['Mel minimum', 'dB', (r) => r.mel?.minDb],
  ['Mel maximum', 'dB', (r) => r.mel?.maxDb],
  ['Mel mean', 'dB', (r) => r.mel?.meanDb],
  ['Mel standard deviation', 'dB', (r) => r.mel?.stdDb],
  ['Mel values above top', '%', (r) => (r.mel ? r.mel.fractionAboveTop * 100 : null)],
  ['Mel values at/below floor', '%', (r) => (r.mel ? r.mel.fractionBelowFloor * 100 : null)],
  ['Mel frames', 'frames', (r) => r.mel?.frames],
  ['Loudest mel frame', 'frame', (r) => r.mel?.maxFrame],
];

function cell(v: number | string | null | undefined): HTMLTableCellElement {
  return el('td', typeof v === 'number' ? 'num' : '', typeof v === 'string' ? v : formatNumber(v));
}

export function renderStats(root: HTMLElement, report: FileReport | null): void {
  root.replaceChildren(el('h2', '', 'Statistics'));
  if (!report) {
    root.append(el('p', 'pending', 'Computing statistics…'));
    return;
  }
  const chTable = el('table', 'stats');
  const head = el('tr');
  head.append(el('th', '', 'Per channel'), el('th', '', 'Unit'), ...report.channels.map((_, i) => el('th', 'num', `Channel ${i + 1}`)));
  chTable.append(el('thead'), el('tbody'));
  chTable.tHead!.append(head);
  for (const [label, unit, value] of CHANNEL_ROWS) {
    const tr = el('tr');
    tr.append(el('td', '', label), el('td', 'unit', unit), ...report.channels.map((c) => cell(value(c))));
    chTable.tBodies[0].append(tr);
  }
  const fileTable = el('table', 'stats');
  const fh = el('tr');
  fh.append(el('th', '', 'File'), el('th', '', 'Unit'), el('th', 'num', 'Value'));
  fileTable.append(el('thead'), el('tbody'));
  fileTable.tHead!.append(fh);
  for (const [label, unit, value] of FILE_ROWS) {
    const tr = el('tr');
    tr.append(el('td', '', label), el('td', 'unit', unit), cell(value(report)));
    fileTable.tBodies[0].append(tr);
  }
  root.append(chTable, fileTable);
}
