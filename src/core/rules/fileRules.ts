// Rules decided from one file alone. Each message is a full sentence with the numbers behind it.
import type { AuditSettings, ChannelStats, Finding, MelReport, MinMaxReport, SourceFormat } from '../types';
import type { StreamIntegrity } from '../decode/source';
import { FindingList } from './severity';
import { count, db, dbfs, khz, percent, seconds, signed } from './format';

export interface FileRuleInput {
  readonly format: SourceFormat;
  /** What the whole-file read learned: truncation, damaged frames. */
  readonly integrity: StreamIntegrity;
  /** Header oddities the reader worked around (AudioSource.notes). */
  readonly notes: readonly string[];
  /** Effective bandwidth (src/core/stats/bandwidth.ts), null when not measurable. */
  readonly bandwidthHz: number | null;
  readonly channels: readonly ChannelStats[];
  readonly peakDbfs: number | null;
  readonly stereoDownmixLossDb: number | null;
  /** null when the mono downmix is constant. */
  readonly minMax: MinMaxReport | null;
  /** The constant value when the downmix is constant. */
  readonly constantValue: number | null;
  readonly mel: MelReport | null;
  /** Samples between mel frames, to place the loudest frame in time. */
  readonly melHop: number | null;
}

export function fileFindings(f: FileRuleInput, settings: AuditSettings): Finding[] {
  const t = settings.thresholds;
  const out = new FindingList(settings);
  const { format: layout, integrity } = f;
  const ch = (c: number) => (layout.channels > 1 ? ` on channel ${c + 1}` : '');

  if (integrity.truncated) {
    out.add('truncated', `${capitalize(integrity.truncated.detail)}; the ${count(integrity.frames)} whole frames present were audited.`);
  }
  if (integrity.decodeErrors) {
    const e = integrity.decodeErrors;
    out.add('decode-error', `The decoder reported ${count(e.count)} damaged ${e.count === 1 ? 'frame' : 'frames'}, the first at ${seconds(e.firstFrame, layout.sampleRate)} (${e.detail}); the statistics cover the audio that decoded.`,
      { startFrame: e.firstFrame, endFrame: e.firstFrame + 1 });
  }
  for (const note of f.notes) out.add('nonstandard-header', note);

  const nonFinite = f.channels.reduce((n, c) => n + c.nonFinite, 0);
  if (nonFinite > 0) {
    const first = f.channels.findIndex((c) => c.nonFinite > 0);
    const at = f.channels[first].firstNonFiniteFrame ?? 0;
    out.add('non-finite', `${count(nonFinite)} samples are NaN or infinite (first${ch(first)} at ${seconds(at, layout.sampleRate)}); they were left out of every statistic.`,
      { startFrame: at, endFrame: at + 1, channel: first });
  }

  if (f.minMax === null) {
    const v = f.constantValue ?? 0;
    out.add('constant-signal', `Every sample of the mono downmix equals ${signed(v, 6)}, so per-example min-max normalization divides by zero (max = min).`);
  } else if (Math.abs(f.minMax.binShift) >= t.minMaxBinShift) {
    const m = f.minMax;
    out.add('minmax-zero-shift', `Silence quantizes to bin ${m.zeroBin} of ${m.qLevels} instead of ${m.expectedZeroBin} under per-example min-max normalization (DC offset ${signed(m.dcAfterRoundTrip, 3)} after round trip; mono min ${signed(m.min, 3)}, max ${signed(m.max, 3)}).`);
  }

  f.channels.forEach((c, i) => {
    if (Math.abs(c.dcOffset) >= t.dcOffset) {
      out.add('dc-offset', `DC offset of ${signed(c.dcOffset, 4)} (${dbfs(20 * Math.log10(Math.abs(c.dcOffset)))})${ch(i)}, at or above the ${t.dcOffset} threshold.`);
    }
  });

  if (f.peakDbfs === null || f.peakDbfs < t.nearSilentDbfs) {
    const gain = f.peakDbfs === null ? 'by an unbounded gain' : `by ${db(-f.peakDbfs)}`;
    out.add('near-silent', `Peak is ${dbfs(f.peakDbfs)}, below ${dbfs(t.nearSilentDbfs, 0)}; per-example min-max normalization would amplify this file ${gain}.`);
  }

  f.channels.forEach((c, i) => {
    if (c.longestClipRun >= t.clipRun && c.longestClipRunStart !== null) {
      const start = c.longestClipRunStart;
      out.add('clipping', `${count(c.longestClipRun)} consecutive samples at or above ${settings.clipLevel} of full scale${ch(i)} (longest run, at ${seconds(start, layout.sampleRate)}); ${count(c.clippedSamples)} clipped samples in all.`,
        { startFrame: start, endFrame: start + c.longestClipRun, channel: i });
    }
  });

  if (f.stereoDownmixLossDb !== null && f.stereoDownmixLossDb >= t.stereoDownmixLossDb) {
    out.add('stereo-downmix-loss', `Averaging the ${layout.channels} channels to mono loses ${db(f.stereoDownmixLossDb)} of power: the channels cancel (polarity or phase).`);
  }

  if (layout.storage === 'integer' && layout.validBits !== null) {
    const bits = f.channels.map((c) => c.effectiveBits ?? 0);
    const effective = Math.max(...bits);
    if (effective > 0 && effective < layout.validBits - t.paddedBitDepthBits) {
      out.add('padded-bit-depth', `Only ${effective} of ${layout.validBits} bits carry information: the low ${layout.validBits - effective} bits are zero in every sample (audio padded from a lower bit depth).`);
    }
  }

  if (f.bandwidthHz !== null && f.bandwidthHz < t.bandLimitedRatio * layout.sampleRate / 2) {
    const nyquist = layout.sampleRate / 2;
    out.add('band-limited', `Nothing above ${khz(f.bandwidthHz)}: the spectrum falls by 30 dB or more there, ${percent(f.bandwidthHz / nyquist, 0)} of the ${khz(nyquist)} the ${khz(layout.sampleRate)} rate can carry (upsampled, telephone or low-bitrate audio), below the ${t.bandLimitedRatio} threshold.`);
  }

  const mel = f.mel;
  if (mel && mel.frames > 0) {
    const where = f.melHop ? { startFrame: mel.maxFrame * f.melHop, endFrame: mel.maxFrame * f.melHop + f.melHop } : undefined;
    if (mel.fractionAboveTop >= t.melClippedHighFraction) {
      out.add('mel-clipped-high', `${percent(mel.fractionAboveTop, 2)} of ${mel.preset} mel values exceed the 0 dB top (max ${db(mel.maxDb)}); a [0, 1] normalization like Tacotron's _normalize clips them.`, where);
    }
    if (mel.fractionBelowFloor >= t.melBelowFloorFraction) {
      out.add('mel-below-floor', `${percent(mel.fractionBelowFloor)} of ${mel.preset} mel values sit at or below the normalization floor (min ${db(mel.minDb)}).`);
    }
  }
  return out.items;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
