// The per-file quantities the report charts as histograms, and the rule thresholds drawn on them as reference lines.
import { melParams } from '../mel/params';
import type { AuditSettings, DatasetSummary, MelParams } from '../types';

export type MetricId = 'peakDbfs' | 'rmsDbfs' | 'dcOffset' | 'zeroBin' | 'melMinDb' | 'melMaxDb' | 'durationSec' | 'bandwidthRatio';

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
  { id: 'bandwidthRatio', label: 'Bandwidth', unit: '× sr/2', integer: false },
];

/** thresholds.bandLimitedRatio's default; a report written before the band-limited rule has no such threshold. */
export const DEFAULT_BAND_LIMITED_RATIO = 0.7;

export interface ReferenceLine {
  readonly value: number;
  readonly label: string;
}

/** The preset's parameters with the user's overrides; null for 'none' or settings the mel module rejects. */
function melLimits(settings: AuditSettings): MelParams | null {
  try {
    return melParams(settings.mel);
  } catch {
    return null;
  }
}

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
      // Values at or below floorDb sit at the [0,1] normalization floor (Tacotron min_level_db).
      const p = melLimits(settings);
      return p ? [{ value: p.floorDb, label: `floor ${p.floorDb} dB` }] : [];
    }
    case 'melMaxDb': {
      // Values above topDb are what the [0,1] normalization clips at the top.
      const p = melLimits(settings);
      return p ? [{ value: p.topDb, label: `top ${p.topDb} dB` }] : [];
    }
    case 'durationSec':
      return [];
    case 'bandwidthRatio': {
      // band-limited fires when bandwidthHz < bandLimitedRatio · sr/2, i.e. left of this line.
      const ratio = (t as Partial<typeof t>).bandLimitedRatio ?? DEFAULT_BAND_LIMITED_RATIO;
      return [{ value: ratio, label: `band-limited < ${ratio} × sr/2` }];
    }
  }
}
