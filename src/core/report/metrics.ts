// The per-file quantities the report charts as histograms, and the rule thresholds drawn on them as reference lines.
import type { AuditSettings, DatasetSummary } from '../types';

export type MetricId = 'peakDbfs' | 'rmsDbfs' | 'dcOffset' | 'zeroBin' | 'melMinDb' | 'melMaxDb' | 'durationSec';

export interface MetricSpec {
  readonly id: MetricId;
  readonly label: string;
  readonly unit: string;
  /** Integer-valued metrics get integer bin widths. */
  readonly integer: boolean;
}

export const METRICS: readonly MetricSpec[] = [
  { id: 'peakDbfs', label: 'Peak', unit: 'dBFS', integer: false },
  { id: 'rmsDbfs', label: 'RMS', unit: 'dBFS', integer: false },
  { id: 'dcOffset', label: 'DC offset', unit: '', integer: false },
  { id: 'zeroBin', label: 'Min-max zero bin', unit: 'bin', integer: true },
  { id: 'melMinDb', label: 'Mel min', unit: 'dB', integer: false },
  { id: 'melMaxDb', label: 'Mel max', unit: 'dB', integer: false },
  { id: 'durationSec', label: 'Duration', unit: 's', integer: false },
];

export interface ReferenceLine {
  readonly value: number;
  readonly label: string;
}

// Tacotron (keithito/tacotron hparams): min_level_db = -100 is the [0,1] floor, 0 dB (after ref_level_db) the top.
const TACOTRON_TOP_DB = 0;
const TACOTRON_FLOOR_DB = -100;

/** The thresholds of the rules that judge this metric, as x positions on its histogram. */
export function referenceLines(metric: MetricId, settings: AuditSettings, dataset: DatasetSummary, expectedZeroBin?: number | null): ReferenceLine[] {
  const t = settings.thresholds;
  switch (metric) {
    case 'peakDbfs':
      // clipLevel as dBFS: 20·log10(clipLevel) (amplitude ratio to full scale).
      return [
        { value: t.nearSilentDbfs, label: `near-silent < ${t.nearSilentDbfs} dBFS` },
        { value: 20 * Math.log10(settings.clipLevel), label: `clip level ${settings.clipLevel}` },
      ];
    case 'rmsDbfs': {
      const median = dataset.rmsDbfs.median;
      if (median === null) return [];
      return [
        { value: median - t.loudnessOutlierDb, label: `median − ${t.loudnessOutlierDb} dB` },
        { value: median, label: 'median' },
        { value: median + t.loudnessOutlierDb, label: `median + ${t.loudnessOutlierDb} dB` },
      ];
    }
    case 'dcOffset':
      return [
        { value: -t.dcOffset, label: `−${t.dcOffset}` },
        { value: t.dcOffset, label: `+${t.dcOffset}` },
      ];
    case 'zeroBin': {
      // The engine reports where 0 should land (MinMaxReport.expectedZeroBin); qLevels/2 is the symmetric-signal bin.
      const expected = expectedZeroBin ?? settings.qLevels / 2;
      return [
        { value: expected - t.minMaxBinShift, label: `expected − ${t.minMaxBinShift}` },
        { value: expected, label: `expected ${expected}` },
        { value: expected + t.minMaxBinShift, label: `expected + ${t.minMaxBinShift}` },
      ];
    }
    case 'melMinDb': {
      const floor = settings.mel.params.floorDb ?? TACOTRON_FLOOR_DB;
      return settings.mel.preset === 'none' ? [] : [{ value: floor, label: `floor ${floor} dB` }];
    }
    case 'melMaxDb': {
      const top = settings.mel.params.topDb ?? TACOTRON_TOP_DB;
      return settings.mel.preset === 'none' ? [] : [{ value: top, label: `top ${top} dB` }];
    }
    case 'durationSec':
      return [];
  }
}
