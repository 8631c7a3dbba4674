// Dataset-wide min-max quantization: the SampleRNN linear_quantize of docs/definitions.md with one min and max for
// the whole corpus instead of each example's own ("the only acceptable amplitude normalization would be to the
// entire dataset"), so silence lands in the same bin in every file. Also the text of the read-only document that
// the editor's "Show dataset-wide quantization" opens.
import type { AuditReport, FileReport } from '../types';
import { linearQuantize, SAMPLERNN_EPSILON } from './minMax';

export interface CorpusRange {
  /** min / max over every file's mono downmix (FileReport.minMax, the signal the minmax-zero-shift rule quantizes). */
  readonly min: number;
  readonly max: number;
  /** Files that contributed (readable, not constant). */
  readonly files: number;
}

/** The corpus min and max of the mono downmix, or null when no file has a min-max report. */
export function corpusRange(files: readonly FileReport[]): CorpusRange | null {
  let min = Infinity;
  let max = -Infinity;
  let n = 0;
  for (const f of files) {
    if (!f.minMax) continue;
    min = Math.min(min, f.minMax.min);
    max = Math.max(max, f.minMax.max);
    n++;
  }
  return n > 0 && max > min ? { min, max, files: n } : null;
}

/** Full precision, so the snippet reproduces the bins exactly (17 significant digits round-trip a double). */
const exact = (x: number): string => String(Number(x.toPrecision(17)));

/** The read-only document: the corpus range, where silence lands under it, and the Python that quantizes with it. */
export function quantizationDocument(report: AuditReport): string {
  const q = report.settings.qLevels;
  const range = corpusRange(report.files);
  const shifted = report.dataset.findingsByRule['minmax-zero-shift'] ?? 0;
  const head = [
    `# Dataset-wide quantization for ${report.root}`,
    '#',
    `# Per-example min-max quantization (SampleRNN utils.linear_quantize with each file's own min and max) puts`,
    `# silence in a different bin in every file: ${shifted} of ${report.files.length} files move it by at least`,
    `# ${report.settings.thresholds.minMaxBinShift} bins (rule minmax-zero-shift). One min and max for the whole corpus keeps it in one bin.`,
    '#',
  ];
  if (!range) return [...head, '# No audited file has a min-max report (every file is unreadable or constant): there is no corpus range.', ''].join('\n');
  const peak = Math.max(-range.min, range.max);
  const zeroBin = linearQuantize(0, range.min, range.max, q);
  const symmetricZeroBin = linearQuantize(0, -peak, peak, q);
  return [
    ...head,
    `# Corpus range over the mono downmix of ${range.files} files:`,
    `#   min ${exact(range.min)}, max ${exact(range.max)}: silence lands in bin ${zeroBin} of ${q} (the middle is ${Math.floor(q / 2)}).`,
    `#   symmetric ±${exact(peak)} (the larger magnitude): silence lands in bin ${symmetricZeroBin}.`,
    '#',
    '# bin(x) = trunc((x - CORPUS_MIN) / (CORPUS_MAX - CORPUS_MIN) · (Q_LEVELS - EPSILON) + EPSILON / 2)',
    '# dequantize(b) = b / (Q_LEVELS / 2) - 1        (samplernn-pytorch utils.py; docs/definitions.md)',
    '',
    'import numpy as np',
    '',
    `CORPUS_MIN = ${exact(range.min)}`,
    `CORPUS_MAX = ${exact(range.max)}`,
    `# For silence exactly in the middle bin use the symmetric range instead:`,
    `# CORPUS_MIN, CORPUS_MAX = ${exact(-peak)}, ${exact(peak)}`,
    `Q_LEVELS = ${q}`,
    `EPSILON = ${SAMPLERNN_EPSILON}  # samplernn-pytorch utils.EPSILON`,
    '',
    '',
    'def linear_quantize(samples, q_levels=Q_LEVELS):',
    '    """utils.linear_quantize with the corpus min/max in place of each example\'s own."""',
    '    x = (np.asarray(samples, dtype=np.float64) - CORPUS_MIN) / (CORPUS_MAX - CORPUS_MIN)',
    '    bins = np.trunc(x * (q_levels - EPSILON) + EPSILON / 2).astype(np.int64)',
    '    # Audio outside this audit can exceed the corpus range; keep its bins inside [0, q_levels - 1].',
    '    return np.clip(bins, 0, q_levels - 1)',
    '',
    '',
    'def linear_dequantize(bins, q_levels=Q_LEVELS):',
    '    return np.asarray(bins, dtype=np.float64) / (q_levels / 2) - 1',
    '',
  ].join('\n');
}
