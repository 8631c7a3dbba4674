// The shared vocabulary of the audit: the JSON report contract (version 1), settings and findings.
// Pure types, no runtime code, no `vscode` import: the CLI, the workers, the extension and the tests share them.

/** The container; ffmpeg-decoded files carry ffmpeg's format name. */
export type Container = 'RIFF' | 'RIFX' | 'RF64' | 'AIFF' | 'AIFC' | 'FLAC' | 'MP3' | 'OGG' | (string & {});
/** How samples are stored; ffmpeg-decoded files carry ffmpeg's codec name. */
export type Encoding = 'pcm' | 'float' | 'alaw' | 'mulaw' | 'flac' | 'mp3' | 'vorbis' | 'opus' | (string & {});
/** integer: codes (PCM, FLAC, AIFF); float: IEEE values (may be NaN/Inf); companded: G.711; lossy: a perceptual codec. */
export type Storage = 'integer' | 'float' | 'companded' | 'lossy';

/** What the user sees of a file's format (the report's `format`). */
export interface AudioFormat {
  readonly container: Container;
  readonly encoding: Encoding;
  /** Container bits per sample (fmt wBitsPerSample, AIFF sampleSize rounded up to bytes, FLAC bits); null for lossy codecs. */
  readonly bitsPerSample: number | null;
  /** Valid bits (WAVE_FORMAT_EXTENSIBLE wValidBitsPerSample, AIFF sampleSize, FLAC bits); null for lossy codecs. */
  readonly validBits: number | null;
  readonly sampleRate: number;
  readonly channels: number;
  /** Whole frames actually decoded (PCM: readable from the data chunk). */
  readonly frames: number;
  readonly durationSec: number;
  /** Lossy codecs: average bitrate over the file, kbit/s (audio bytes · 8 / duration / 1000); null otherwise. */
  readonly bitrateKbps?: number | null;
}

/** The format as a decoder opens it: the report's fields plus how the samples are stored. */
export interface SourceFormat extends AudioFormat {
  readonly storage: Storage;
}

/** Where the samples are and how to decode them; produced by the WAV header parser, and by the AIFF one (same streamed reader). */
export interface WavLayout extends AudioFormat {
  readonly container: 'RIFF' | 'RIFX' | 'RF64' | 'AIFF' | 'AIFC';
  readonly encoding: 'pcm' | 'float' | 'alaw' | 'mulaw';
  /** Container bits: the declared sample size rounded up to whole bytes (12 -> 16, 20 -> 24). */
  readonly bitsPerSample: number;
  readonly validBits: number;
  readonly bigEndian: boolean;
  /** 8-bit PCM is two's complement (AIFF) instead of unsigned with 128 as zero (WAV). */
  readonly pcm8Signed?: boolean;
  /** Header oddities and how they were read (AudioSource.notes): full sentences. */
  readonly notes?: readonly string[];
  /** Bytes per frame as read: channels x container bytes (a header's disagreeing blockAlign is noted, not used). */
  readonly blockAlign: number;
  /** Byte offset of the first sample in the file. */
  readonly dataOffset: number;
  /** Data bytes declared by the header (ds64 for RF64). */
  readonly declaredDataBytes: number;
  /** Bytes actually readable: min(declared, file end), rounded down to whole frames. */
  readonly dataBytes: number;
  /** Declared data size runs past the end of the file. */
  readonly truncated: boolean;
  /** Size of the file in bytes. */
  readonly fileBytes: number;
}

/** One block of decoded audio, planar: channels[c][i] for i < frames. Buffers are reused by the reader. */
export interface SampleBlock {
  readonly channels: readonly Float64Array[];
  readonly frames: number;
  /** Index of the block's first frame in the file. */
  readonly startFrame: number;
}

export type Severity = 'error' | 'warning' | 'info';

export type RuleId =
  | 'unreadable'
  | 'empty'
  | 'constant-signal'
  | 'non-finite'
  | 'truncated'
  | 'minmax-zero-shift'
  | 'dc-offset'
  | 'near-silent'
  | 'clipping'
  | 'stereo-downmix-loss'
  | 'sample-rate-mismatch'
  | 'channel-mismatch'
  | 'bit-depth-mismatch'
  | 'loudness-outlier'
  | 'padded-bit-depth'
  | 'mel-clipped-high'
  | 'mel-below-floor'
  | 'decode-error'
  | 'band-limited'
  | 'nonstandard-header'
  | 'manifest-bad-line'
  | 'manifest-missing-audio'
  | 'manifest-duration-mismatch'
  | 'manifest-segment-out-of-range'
  | 'manifest-empty-text'
  | 'manifest-duplicate-entry'
  | 'char-rate-outlier'
  | 'long-utterance'
  | 'manifest-unlisted-audio'
  | 'duplicate-audio'
  | 'near-duplicate-audio'
  | 'split-leakage';

/** Where in the file a finding applies, for the preview to zoom to (frames, end exclusive). */
export interface FindingLocation {
  readonly startFrame: number;
  readonly endFrame: number;
  readonly channel?: number;
}

export interface Finding {
  readonly rule: RuleId;
  readonly severity: Severity;
  /** A full sentence with the numbers. */
  readonly message: string;
  readonly location?: FindingLocation;
}

export interface ChannelStats {
  readonly dcOffset: number;
  readonly min: number;
  readonly max: number;
  readonly peak: number;
  readonly peakDbfs: number | null;
  readonly rmsDbfs: number | null;
  readonly crestDb: number | null;
  readonly clippedSamples: number;
  readonly longestClipRun: number;
  /** First frame of the longest clip run, or null when there is none. */
  readonly longestClipRunStart: number | null;
  readonly nonFinite: number;
  /** First frame holding NaN/±Inf, or null. */
  readonly firstNonFiniteFrame: number | null;
  /** Integer PCM only (null otherwise), after sox stats' "bit-depth". */
  readonly effectiveBits: number | null;
}

/** SampleRNN per-example min-max quantization of the mono downmix (samplernn-pytorch utils.linear_quantize). */
export interface MinMaxReport {
  readonly qLevels: number;
  readonly min: number;
  readonly max: number;
  readonly zeroBin: number;
  readonly expectedZeroBin: number;
  readonly binShift: number;
  readonly dcAfterRoundTrip: number;
  readonly gainDb: number;
}

export type MelPresetName = 'tacotron' | 'librosa' | 'custom';

/** Every parameter of the log-mel computation; presets fill it, `custom` lets the user set each. */
export interface MelParams {
  /** y[n] = x[n] - preemphasis·x[n-1]; 0 disables. */
  readonly preemphasis: number;
  /** Window length in samples, or null to use winLengthSec·sr (truncated). */
  readonly winLength: number | null;
  readonly winLengthSec: number | null;
  /** Hop in samples, or null to use hopLengthSec·sr (truncated). */
  readonly hopLength: number | null;
  readonly hopLengthSec: number | null;
  /** Minimum FFT size; the next power of two >= winLength is used when larger. */
  readonly nFft: number;
  readonly nMels: number;
  readonly fmin: number;
  /** null = sr/2. */
  readonly fmax: number | null;
  /** center=True padding of nFft/2 on both sides. */
  readonly padMode: 'reflect' | 'constant';
  /** 1 = magnitude (dB = 20·log10), 2 = power (dB = 10·log10). */
  readonly power: 1 | 2;
  /** Floor applied before the log (Tacotron 1e-5 on amplitude, librosa amin 1e-10 on power). */
  readonly amin: number;
  /** Subtracted from the dB values. */
  readonly refLevelDb: number;
  /** Values above this are what a [0,1] normalization clips at the top. */
  readonly topDb: number;
  /** Values at or below this are at the normalization floor. */
  readonly floorDb: number;
}

export interface MelSettings {
  readonly preset: MelPresetName | 'none';
  /** Overrides applied on top of the preset (all of them for `custom`). */
  readonly params: Partial<MelParams>;
}

export interface MelReport {
  readonly preset: MelPresetName;
  readonly minDb: number;
  readonly maxDb: number;
  readonly meanDb: number;
  readonly stdDb: number;
  readonly fractionAboveTop: number;
  readonly fractionBelowFloor: number;
  readonly frames: number;
  /** Frame index of the loudest mel value (for the preview). */
  readonly maxFrame: number;
  /** Per-band sums over frames of dB and dB², the inputs of the dataset normalization statistics. */
  readonly bandSumDb: number[];
  readonly bandSumSqDb: number[];
}

export interface RuleThresholds {
  /** |dcOffset| >= this fires dc-offset (0.01 = -40 dBFS). */
  readonly dcOffset: number;
  /** |binShift| >= this fires minmax-zero-shift. */
  readonly minMaxBinShift: number;
  /** peakDbfs < this fires near-silent. */
  readonly nearSilentDbfs: number;
  /** longestClipRun >= this fires clipping. */
  readonly clipRun: number;
  /** stereoDownmixLossDb >= this fires stereo-downmix-loss. */
  readonly stereoDownmixLossDb: number;
  /** |rmsDbfs - dataset median| >= this fires loudness-outlier. */
  readonly loudnessOutlierDb: number;
  /** effectiveBits < validBits - this fires padded-bit-depth. */
  readonly paddedBitDepthBits: number;
  /** fractionAboveTop >= this fires mel-clipped-high. */
  readonly melClippedHighFraction: number;
  /** fractionBelowFloor >= this fires mel-below-floor. */
  readonly melBelowFloorFraction: number;
  /** bandwidthHz < this · sr/2 fires band-limited. */
  readonly bandLimitedRatio: number;
  /** |declared - decoded duration| > this (seconds) fires manifest-duration-mismatch. */
  readonly manifestDurationSec: number;
  /** An utterance longer than this (seconds) fires long-utterance. */
  readonly maxUtteranceSec: number;
  /** Characters per second at least this many times the manifest's median, or at most its inverse, fire char-rate-outlier. */
  readonly charRateRatio: number;
  /** A 256-frame fingerprint block matching at a bit error rate <= this fires near-duplicate-audio. */
  readonly nearDuplicateBer: number;
}

/** The settings: the same keys as the extension's `audioAudit.*` settings and the CLI's --config JSON. */
export interface AuditSettings {
  readonly qLevels: number;
  readonly clipLevel: number;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  /**
   * Manifests to check besides those recognized by name and shape: globs relative to the audited folder, or paths
   * (the CLI's --manifest FILE).
   */
  readonly manifests: readonly string[];
  readonly thresholds: RuleThresholds;
  readonly severities: Readonly<Partial<Record<RuleId, Severity | 'off'>>>;
  readonly mel: MelSettings;
  /**
   * The ffmpeg executable that decodes formats no bundled reader handles (M4A/AAC, WMA, WebM, CAF, ...), already
   * resolved: the configured path, else `ffmpeg` found on PATH (src/core/decode/ffmpegPath.ts); '' = none.
   */
  readonly ffmpegPath: string;
}

export interface FileReport {
  /** Relative to the audited root, '/'-separated. */
  readonly path: string;
  /** null, or the message of the unreadable/empty finding. */
  readonly error: string | null;
  readonly format: AudioFormat | null;
  readonly channels: ChannelStats[];
  readonly dcOffset: number | null;
  readonly peak: number | null;
  readonly peakDbfs: number | null;
  readonly rmsDbfs: number | null;
  readonly stereoDownmixLossDb: number | null;
  readonly minMax: MinMaxReport | null;
  readonly mel: MelReport | null;
  /** Effective bandwidth of the mono downmix in Hz (README "Effective bandwidth"); null when shorter than 2048 samples or silent. */
  readonly bandwidthHz?: number | null;
  /** 128-bit hash of the decoded samples (src/core/dedup/contentHash.ts): equal for a WAV and its FLAC copy. */
  readonly contentHash?: string | null;
  /**
   * Haitsma-Kalker sub-fingerprints (src/core/dedup/fingerprint.ts), Uint32 little-endian in base64. Kept in the cache
   * and shard parts for the near-duplicate search; left out of written reports.
   */
  readonly fingerprint?: string | null;
  readonly findings: Finding[];
}

export interface Distribution {
  readonly min: number | null;
  readonly median: number | null;
  readonly max: number | null;
}

export interface NormalizationStats {
  readonly globalPeak: number | null;
  readonly globalPeakDbfs: number | null;
  /** Gain that brings the global peak to -1 dBFS. */
  readonly recommendedGainDb: number | null;
  readonly melMeanDb: number[];
  readonly melStdDb: number[];
  readonly melMinDb: number | null;
  readonly melMaxDb: number | null;
}

export interface DatasetSummary {
  readonly fileCount: number;
  readonly errorCount: number;
  readonly totalDurationSec: number;
  readonly sampleRates: Record<string, number>;
  readonly channels: Record<string, number>;
  readonly bitDepths: Record<string, number>;
  readonly findingsByRule: Partial<Record<RuleId, number>>;
  readonly peakDbfs: Distribution;
  readonly rmsDbfs: Distribution;
  /** Share of files whose min-max zero bin moved at all (>= 1 bin), and the median shift. */
  readonly minMaxShiftedShare: number | null;
  readonly minMaxMedianShift: number | null;
  readonly normalization?: NormalizationStats;
}

export interface DuplicatePair {
  readonly a: string;
  readonly b: string;
  readonly kind: 'exact' | 'near';
  /** Fingerprint bit error rate of the best matching block (near), 0 for exact. */
  readonly ber: number;
  /** The two files are listed in different splits (split-leakage). */
  readonly leakage: boolean;
}

/** A finding on a manifest line (1-based; a TSV/CSV header is line 1). */
export interface ManifestFinding extends Finding {
  readonly line: number;
}

/** One manifest file (a Kaldi data dir gives one per file: wav.scp, segments, utt2dur, text). */
export interface ManifestReport {
  /** Relative to the audited root, '/'-separated. */
  readonly path: string;
  readonly dialect: 'nemo' | 'ljspeech' | 'commonvoice' | 'kaldi' | 'librispeech' | 'audiofolder';
  /** train, dev, test or eval from the path; null for a file that is no split (Common Voice validated.tsv). */
  readonly split: 'train' | 'dev' | 'test' | 'eval' | null;
  /** Entries (utterances) the file lists. */
  entries: number;
  /** Sum of the declared durations (the decoded one where an entry declares none), seconds. */
  totalDeclaredSec: number;
  /**
   * Declared and decoded seconds of entries that declare a duration of a whole file, flattened [declared0, decoded0, …],
   * at most 2 000 pairs (every k-th entry beyond that): the report's scatter.
   */
  durationPairs?: number[];
  readonly findings: ManifestFinding[];
}

/** What the dataset rules read of a file: a merge keeps only this of each file between its two passes. */
export type FileFacts = Pick<FileReport, 'path' | 'error' | 'format' | 'rmsDbfs' | 'contentHash' | 'fingerprint'>;

export interface AuditReport {
  readonly version: 1;
  readonly root: string;
  readonly settings: AuditSettings;
  /** True when the audit was cancelled before every file was read. */
  readonly partial: boolean;
  readonly files: FileReport[];
  /** The manifests found in (or given for) the audited folder, with their line findings; absent: none were looked for. */
  readonly manifests?: ManifestReport[];
  /** Pairs of files with the same audio (exact: identical samples; near: fingerprint match), and whether they cross splits. */
  readonly duplicates?: DuplicatePair[];
  readonly dataset: DatasetSummary;
  /** Set by `audio-audit merge`: how many shard parts the report was merged from (run metadata). */
  readonly merged?: { readonly parts: number };
}
