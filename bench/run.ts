// npm run bench: audio-seconds per wall-second of the built CLI against peers run side by side: a read-and-sum floor
// process, `sox -n stats`, libsndfile + numpy computing the same statistics (bench/peers/stats_soundfile.py) and a
// numpy Tacotron front end (bench/peers/tacotron_numpy.py), on WAV and on the same audio as FLAC (Debian's `flac`,
// level 5). Not a test: it prints a table (medians of 3 runs; the 60-minute 48 kHz 24-bit stereo FLAC, for peak memory,
// once). The corpus is generated once into a temp dir and reused.
// `npm run bench -- --only=duplicates [--runs=7]` prints only the duplicate search's share (alternated runs) and its
// 10 000-file scale row (bench/dedupScale.ts). `--only=stats [--runs=7] [--baseline=OTHER/dist/cli.js]` prints only
// issue 10's stats-only rows (WAV and FLAC, --mel none) and their peers, wall and CPU seconds, every contender once
// per round so load hits them alike. With --only, bench/million.ts does not run (scripts/bench.mjs).
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { syllabicSpeech } from '../test/fixtures/dataset';
import { encodeWav, toCode, wavHeader } from '../test/fixtures/wav';
import { SCALE_FILES, scalePrints, timeIndex } from './dedupScale';

const REPO = path.resolve(__dirname, '..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const RSS_HOOK = path.join(REPO, 'test', 'fixtures', 'record-max-rss.cjs');
const SR = 22050;
const FILES = 200;
const FILE_SEC = 10;
const LONG_SEC = 3600;
const RUNS = 3;
// v2: syllabicSpeech (v1's speechLike made 92 near-duplicate pairs among its 200 seeds: same f0 and syllable rate).
const WORK = path.join(tmpdir(), 'audio-audit-bench-v2');
const SHORT_DIR = path.join(WORK, 'short');
const LONG_DIR = path.join(WORK, 'long');
const LONG_FILE = path.join(LONG_DIR, 'pcm16-22k-mono-60min.wav');
const FLAC_DIR = path.join(WORK, 'flac');
/** Issue 10's memory case: one hour of 48 kHz 24-bit stereo FLAC (pink noise from sox, libFLAC's default level 5). */
const LONG_FLAC = path.join(WORK, 'long-flac', 'flac24-48k-stereo-60min.flac');
const PEERS = path.join(REPO, 'bench', 'peers');
/** Debian's python3, where python3-soundfile and python3-numpy live (not a pyenv python first on PATH). */
const PYTHON = '/usr/bin/python3';
const WAV_HEADER_BYTES = 44;

function generate(): void {
  const done = path.join(WORK, 'complete');
  if (existsSync(done)) return;
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(SHORT_DIR, { recursive: true });
  mkdirSync(LONG_DIR, { recursive: true });
  process.stderr.write(`generating ${FILES} × ${FILE_SEC} s and one ${LONG_SEC / 60}-minute file in ${WORK} ...\n`);
  const frames = SR * FILE_SEC;
  const datas: Buffer[] = [];
  for (let i = 0; i < FILES; i++) {
    // Unrelated speech-like utterances over a tone and noise, at a different level per file (peak -3 .. -20 dBFS).
    const peak = 10 ** (-(3 + (17 * i) / FILES) / 20);
    const x = syllabicSpeech(frames, SR, 1000 + i, peak);
    const bytes = encodeWav({ sampleRate: SR }, [Array.from(x, (v) => toCode(v, 16))]);
    writeFileSync(path.join(SHORT_DIR, `speech-${String(i).padStart(3, '0')}.wav`), bytes);
    datas.push(Buffer.from(bytes.subarray(WAV_HEADER_BYTES)));
  }
  // The 60-minute file cycles through the short files' audio, streamed to disk.
  const longBytes = SR * LONG_SEC * 2;
  const fd = openSync(LONG_FILE, 'w');
  writeSync(fd, wavHeader({ sampleRate: SR }, 1, longBytes));
  for (let written = 0, i = 0; written < longBytes; i++) {
    const d = datas[i % FILES];
    const n = Math.min(d.length, longBytes - written);
    writeSync(fd, d, 0, n);
    written += n;
  }
  closeSync(fd);
  writeFileSync(done, 'ok');
}

/** The short files as FLAC (level 5, flac's default), two encoders at a time; once. */
async function generateFlac(wavs: string[]): Promise<void> {
  const done = path.join(FLAC_DIR, 'complete');
  if (existsSync(done)) return;
  mkdirSync(FLAC_DIR, { recursive: true });
  process.stderr.write(`encoding ${wavs.length} files as FLAC into ${FLAC_DIR} ...\n`);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < wavs.length) {
      const f = wavs[next++];
      const out = path.join(FLAC_DIR, path.basename(f).replace(/\.wav$/, '.flac'));
      await run('flac', ['-s', '-f', '-5', '-o', out, f]);
    }
  };
  await Promise.all([lane(), lane()]);
  writeFileSync(done, 'ok');
}

/** The 60-minute 48 kHz 24-bit stereo FLAC, written by sox straight to FLAC (minutes of one core: pink noise hardly
 * compresses); once. */
async function generateLongFlac(): Promise<void> {
  if (existsSync(LONG_FLAC)) return;
  mkdirSync(path.dirname(LONG_FLAC), { recursive: true });
  process.stderr.write(`encoding one ${LONG_SEC / 60}-minute 48 kHz 24-bit stereo FLAC into ${path.dirname(LONG_FLAC)} ...\n`);
  const partial = `${LONG_FLAC}.part.flac`;
  await run('sox', ['-n', '-r', '48000', '-b', '24', '-c', '2', partial, 'synth', String(LONG_SEC), 'pinknoise', 'vol', '0.3']);
  renameSync(partial, LONG_FLAC);
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => { err += d; });
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}: ${err}`))));
  });
}

/** A whole peer process over `files`, timed from spawn to exit (start-up included, as for the audit); with `cpu`,
 * under GNU time, pushing the child's user + sys seconds to it. */
function timeProcess(cmd: string, args: string[], cpu?: number[]): number {
  const cpuFile = path.join(WORK, 'cpu-time.txt');
  const timed = cpu !== undefined && existsSync(GNU_TIME);
  const [c, argv] = timed ? [GNU_TIME, ['-f', '%U %S', '-o', cpuFile, cmd, ...args]] : [cmd, args];
  const t0 = performance.now();
  const r = spawnSync(c, argv, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const sec = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.slice(0, 2).join(' ')} … exited ${r.status}: ${r.stderr}`);
  if (timed) {
    const [user, sys] = readFileSync(cpuFile, 'utf8').trim().split(/\s+/).map(Number);
    cpu.push(user + sys);
  }
  return sec;
}

function hasSoundfile(): boolean {
  return spawnSync(PYTHON, ['-c', 'import soundfile, numpy']).status === 0;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** GNU time, for the CPU seconds of a child (user + sys of every thread); absent on some systems. */
const GNU_TIME = '/usr/bin/time';

/** Wall seconds of one CLI run; with `cpu`, run under GNU time and push the child's user + sys seconds to it. */
function timeCli(args: string[], nodeArgs: string[] = [], env: NodeJS.ProcessEnv = process.env, cpu?: number[], cli = CLI): number {
  const cliArgs = [...nodeArgs, cli, ...args, '--no-progress', '--fail-on', 'never'];
  const cpuFile = path.join(WORK, 'cpu-time.txt');
  const timed = cpu !== undefined && existsSync(GNU_TIME);
  const [cmd, argv] = timed ? [GNU_TIME, ['-f', '%U %S', '-o', cpuFile, process.execPath, ...cliArgs]] : [process.execPath, cliArgs];
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', env, maxBuffer: 1 << 28 });
  const sec = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`audio-audit ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  if (timed) {
    const [user, sys] = readFileSync(cpuFile, 'utf8').trim().split(/\s+/).map(Number);
    cpu.push(user + sys);
  }
  return sec;
}

function medianOf(run: () => number | Promise<number>): Promise<number> {
  return (async () => {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await run());
    return median(times);
  })();
}

/** The floor in this process: bench/peers/floor.cjs's loop, timed. */
function readAndSum(files: string[]): number {
  const t0 = performance.now();
  const sum = (require(path.join(PEERS, 'floor.cjs')) as { readAndSum(files: string[]): number }).readAndSum(files);
  if (Number.isNaN(sum)) throw new Error('unreachable: keeps the sum alive');
  return (performance.now() - t0) / 1000;
}

/** `sox FILE -n stats` over every file, as many at a time as the audit has workers. */
async function soxLoop(files: string[], parallel: number): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < files.length) {
      const f = files[next++];
      await new Promise<void>((resolve, reject) => {
        const p = spawn('sox', [f, '-n', 'stats'], { stdio: ['ignore', 'ignore', 'pipe'] });
        p.stderr.resume();
        p.on('error', reject);
        p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`sox exited ${code} on ${f}`))));
      });
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return (performance.now() - t0) / 1000;
}

function hasSox(): boolean {
  return spawnSync('sox', ['--version']).status === 0;
}

/**
 * The duplicate search's share of a full audit: the same run with and without the content hash, the fingerprint and
 * the index, alternated so a load change on a shared machine hits both alike. Medians of `runs` each.
 */
async function duplicateShare(runs: number): Promise<{ full: number; fullNoDup: number; cpu: { full: number; fullNoDup: number } | null }> {
  const noDupConfig = path.join(WORK, 'no-duplicates.json');
  writeFileSync(noDupConfig, JSON.stringify({ severities: { 'duplicate-audio': 'off', 'near-duplicate-audio': 'off', 'split-leakage': 'off' } }));
  const with_: number[] = [];
  const without: number[] = [];
  const cpuWith: number[] = [];
  const cpuWithout: number[] = [];
  for (let i = 0; i < runs; i++) {
    with_.push(timeCli([SHORT_DIR, '--mel', 'tacotron'], [], process.env, cpuWith));
    without.push(timeCli([SHORT_DIR, '--mel', 'tacotron', '--config', noDupConfig], [], process.env, cpuWithout));
  }
  const cpu = cpuWith.length === runs && cpuWithout.length === runs ? { full: median(cpuWith), fullNoDup: median(cpuWithout) } : null;
  return { full: median(with_), fullNoDup: median(without), cpu };
}

/**
 * Issue 11's scale, 10 000 files × 10 s: the index's build and query (CPU, in this process, on cached fingerprints of
 * the corpus's generator) at FILES and at 10 000 files, and the duplicate search's CPU share of a 10 000-file audit
 * modelled from the measured parts: per-file cost (fingerprint, hash: the 200-file CLI runs' difference less their
 * index) × 10 000 + the 10 000-file index, over the audit without duplicates per file × 10 000. The CLI's per-file
 * CPU includes its start-up spread over 200 files, so the modelled denominator is a little high.
 */
async function scaleRows(cpu: { full: number; fullNoDup: number } | null, runs: number): Promise<string[]> {
  const prints = await scalePrints(WORK);
  const small = timeIndex(prints, FILES, runs);
  const big = timeIndex(prints, SCALE_FILES, runs);
  const s = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
  const rows = [
    `index (rule's search, CPU, medians of ${runs}): ${FILES} files build ${s(small.build)} + query ${s(small.query)}; ` +
      `${SCALE_FILES} files build ${s(big.build)} + query ${s(big.query)} = ${((big.build + big.query) / (small.build + small.query)).toFixed(1)}× for ` +
      `${SCALE_FILES / FILES}× the files; pairs reported ${small.pairs} / ${big.pairs}`,
  ];
  if (cpu) {
    const perFileDup = (cpu.full - cpu.fullNoDup - (small.build + small.query) / 1000) / FILES;
    const perFileAudit = cpu.fullNoDup / FILES;
    const dup = perFileDup * SCALE_FILES + (big.build + big.query) / 1000;
    rows.push(`${SCALE_FILES} × ${FILE_SEC} s (modelled from the rows above): audit without duplicates ${(perFileAudit * SCALE_FILES).toFixed(1)} s CPU, ` +
      `duplicate search ${dup.toFixed(1)} s (per file ${(1000 * perFileDup).toFixed(2)} ms + index ${s(big.build + big.query)}): adds ${(100 * dup / (perFileAudit * SCALE_FILES)).toFixed(0)} %`);
  }
  return rows;
}

/** `--only=duplicates`: just the rows of the duplicate search's share, `--runs=N` times each (default 7). */
async function duplicatesOnly(runs: number): Promise<void> {
  const load = loadavg();
  const { full, fullNoDup, cpu } = await duplicateShare(runs);
  const scale = await scaleRows(cpu, Math.min(runs, 3));
  console.log(`${FILES} × ${FILE_SEC} s, --mel tacotron, medians of ${runs} alternated runs; load before/after ${load.map((l) => l.toFixed(1)).join(' ')} / ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`wall: with duplicate search ${full.toFixed(3)} s, without ${fullNoDup.toFixed(3)} s: duplicates add ${(100 * (full / fullNoDup - 1)).toFixed(0)} %`);
  if (cpu) console.log(`CPU (user + sys, all threads): with ${cpu.full.toFixed(3)} s, without ${cpu.fullNoDup.toFixed(3)} s: duplicates add ${(100 * (cpu.full / cpu.fullNoDup - 1)).toFixed(0)} %`);
  for (const row of scale) console.log(row);
}

/**
 * `--only=stats`: issue 10's stats-only rows (WAV and FLAC, `--mel none`) with their peers (the read-and-sum floor
 * process, libsndfile + numpy), and with `--baseline` the same audits by another build (before/after in one run).
 * Each round runs every contender once, in the same order, so a load change hits all of them; medians of `runs`.
 */
async function statsOnlyRows(runs: number, baseline: string | null): Promise<void> {
  await generateFlac(readdirSync(SHORT_DIR).sort().map((f) => path.join(SHORT_DIR, f)));
  const shortFiles = readdirSync(SHORT_DIR).sort().map((f) => path.join(SHORT_DIR, f));
  const flacFiles = readdirSync(FLAC_DIR).filter((f) => f.endsWith('.flac')).sort().map((f) => path.join(FLAC_DIR, f));
  const soundfile = hasSoundfile();
  type Contender = { name: string; run: (cpu: number[]) => number };
  const cli = (dir: string, c: string) => (cpu: number[]) => timeCli([dir, '--mel', 'none'], [], process.env, cpu, c);
  const contenders: Contender[] = [
    { name: 'floor process: node read + sum (1 thread)', run: (cpu) => timeProcess(process.execPath, [path.join(PEERS, 'floor.cjs'), ...shortFiles], cpu) },
    ...(soundfile ? [{ name: 'soundfile + numpy stats (1 process)', run: (cpu: number[]) => timeProcess(PYTHON, [path.join(PEERS, 'stats_soundfile.py'), ...shortFiles], cpu) }] : []),
    { name: 'audit --mel none', run: cli(SHORT_DIR, CLI) },
    ...(baseline ? [{ name: 'baseline: audit --mel none', run: cli(SHORT_DIR, baseline) }] : []),
    ...(soundfile ? [{ name: 'FLAC: soundfile + numpy stats', run: (cpu: number[]) => timeProcess(PYTHON, [path.join(PEERS, 'stats_soundfile.py'), ...flacFiles], cpu) }] : []),
    { name: 'FLAC: audit --mel none', run: cli(FLAC_DIR, CLI) },
    ...(baseline ? [{ name: 'baseline: FLAC: audit --mel none', run: cli(FLAC_DIR, baseline) }] : []),
  ];
  const load = loadavg();
  const wall = contenders.map(() => [] as number[]);
  const cpu = contenders.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) contenders.forEach((c, k) => wall[k].push(c.run(cpu[k])));
  const med = contenders.map((c, k) => ({ name: c.name, wall: median(wall[k]), cpu: cpu[k].length ? median(cpu[k]) : NaN }));
  const by = (name: string) => med.find((m) => m.name === name);
  // Peer wall (CPU) over this row's: above 1 the audit is faster.
  const ratio = (peer: string, label: string, of: string): string => {
    const p = by(peer);
    const o = by(of);
    return p && o ? `${(p.wall / o.wall).toFixed(2)}× ${label} (CPU ${(p.cpu / o.cpu).toFixed(2)}×)` : '';
  };
  const wavNote = (of: string) => [ratio('floor process: node read + sum (1 thread)', 'floor process', of), ratio('soundfile + numpy stats (1 process)', 'soundfile', of)].filter(Boolean).join(', ');
  const flacNote = (of: string) => ratio('FLAC: soundfile + numpy stats', 'soundfile', of);
  const notes: Record<string, string> = {
    'audit --mel none': wavNote('audit --mel none'),
    'baseline: audit --mel none': wavNote('baseline: audit --mel none'),
    'FLAC: audit --mel none': flacNote('FLAC: audit --mel none'),
    'baseline: FLAC: audit --mel none': flacNote('baseline: FLAC: audit --mel none'),
  };
  console.log(`stats only: ${FILES} × ${FILE_SEC} s, 22.05 kHz 16-bit mono (WAV and FLAC -5); medians of ${runs} rounds; ${availableParallelism()} cores; node ${process.version}`);
  if (baseline) console.log(`baseline: ${baseline}`);
  console.log(`load average before/after: ${load.map((l) => l.toFixed(1)).join(' ')} / ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`${'run'.padEnd(42)} ${'wall s'.padStart(7)} ${'CPU s'.padStart(7)}  ratio (peer wall / this wall)`);
  for (const m of med) console.log(`${m.name.padEnd(42)} ${m.wall.toFixed(3).padStart(7)} ${m.cpu.toFixed(2).padStart(7)}  ${notes[m.name] ?? ''}`);
  console.log('targets (issue 10): FLAC stats only >= 1.0× soundfile, WAV stats only >= 1.5× floor process');
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  generate();
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
  if (only === 'duplicates') return duplicatesOnly(Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 7));
  const runsArg = (d: number): number => Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? d);
  if (only === 'stats') return statsOnlyRows(runsArg(7), process.argv.find((a) => a.startsWith('--baseline='))?.slice(11) ?? null);
  if (only !== undefined) throw new Error(`--only=${only}: only --only=duplicates and --only=stats are known`);
  const jobs = availableParallelism();
  const loadBefore = loadavg();
  const shortFiles = readdirSync(SHORT_DIR).sort().map((f) => path.join(SHORT_DIR, f));
  const shortAudio = FILES * FILE_SEC;
  const cacheFile = path.join(WORK, 'warm-cache.json');
  rmSync(cacheFile, { force: true });

  const floor = await medianOf(() => readAndSum(shortFiles));
  const floorProcess = await medianOf(() => timeProcess(process.execPath, [path.join(PEERS, 'floor.cjs'), ...shortFiles]));
  const sox = hasSox() ? await medianOf(() => soxLoop(shortFiles, jobs)) : null;
  const statsOnly = await medianOf(() => timeCli([SHORT_DIR, '--mel', 'none']));
  const { full, fullNoDup, cpu: dupCpu } = await duplicateShare(RUNS);
  const soundfile = hasSoundfile();
  if (!soundfile) process.stderr.write(`no ${PYTHON} with soundfile + numpy (apt-get install python3-soundfile python3-numpy): those rows are left out\n`);
  await generateFlac(shortFiles);
  const flacFiles = readdirSync(FLAC_DIR).filter((f) => f.endsWith('.flac')).sort().map((f) => path.join(FLAC_DIR, f));
  const peer = (script: string, files: string[]) => medianOf(() => timeProcess(PYTHON, [path.join(PEERS, script), ...files]));
  const sfWav = soundfile ? await peer('stats_soundfile.py', shortFiles) : null;
  const sfFlac = soundfile ? await peer('stats_soundfile.py', flacFiles) : null;
  const npTacotronFlac = soundfile ? await peer('tacotron_numpy.py', flacFiles) : null;
  const flacStats = await medianOf(() => timeCli([FLAC_DIR, '--mel', 'none']));
  const flacFull = await medianOf(() => timeCli([FLAC_DIR, '--mel', 'tacotron']));
  timeCli([SHORT_DIR, '--mel', 'tacotron', '--cache', cacheFile]); // fills the cache
  const warm = await medianOf(() => timeCli([SHORT_DIR, '--mel', 'tacotron', '--cache', cacheFile]));

  const rssFile = path.join(WORK, 'max-rss.txt');
  const longTimes: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    longTimes.push(timeCli([LONG_FILE, '--mel', 'tacotron'], ['--require', RSS_HOOK], { ...process.env, AUDIT_MAX_RSS_FILE: rssFile }));
    rss.push(Number(readFileSync(rssFile, 'utf8')) / 1024);
  }
  const long = median(longTimes);
  // One run: it takes about as long as the rest of the bench together, and the row is about memory.
  let longFlac: { sec: number; rssMiB: number } | null = null;
  if (hasSox()) {
    await generateLongFlac();
    const sec = timeCli([LONG_FLAC, '--mel', 'tacotron'], ['--require', RSS_HOOK], { ...process.env, AUDIT_MAX_RSS_FILE: rssFile });
    longFlac = { sec, rssMiB: Number(readFileSync(rssFile, 'utf8')) / 1024 };
  }

  type Row = [string, number, number, string];
  const optional = (sec: number | null, row: (sec: number) => Row): Row[] => (sec === null ? [] : [row(sec)]);
  const rows: Row[] = [
    [`floor: read + sum int16 (in this process)`, floor, shortAudio / floor, ''],
    [`floor process: node read + sum (1 thread)`, floorProcess, shortAudio / floorProcess, ''],
    ...optional(sox, (s) => [`sox FILE -n stats (${jobs} at a time)`, s, shortAudio / s, '']),
    ...optional(sfWav, (s) => [`soundfile + numpy stats (1 process)`, s, shortAudio / s, '']),
    [`audit --mel none (main + ${jobs - 1} worker${jobs === 2 ? "" : "s"})`, statsOnly, shortAudio / statsOnly,
      [sox === null ? '' : `${(sox / statsOnly).toFixed(1)}× sox`, sfWav === null ? '' : `${(sfWav / statsOnly).toFixed(1)}× soundfile`,
        `${(floorProcess / statsOnly).toFixed(2)}× floor process`].filter(Boolean).join(', ')],
    [`audit --mel tacotron`, full, shortAudio / full, sox === null ? '' : `${(sox / full).toFixed(1)}× sox`],
    [`audit --mel tacotron, no duplicate search`, fullNoDup, shortAudio / fullNoDup, `duplicates add ${(100 * (full / fullNoDup - 1)).toFixed(0)} %`
      + (dupCpu ? ` (CPU time: ${(100 * (dupCpu.full / dupCpu.fullNoDup - 1)).toFixed(0)} %)` : '')],
    ...optional(sfFlac, (s) => [`FLAC: soundfile + numpy stats`, s, shortAudio / s, '']),
    [`FLAC: audit --mel none`, flacStats, shortAudio / flacStats, sfFlac === null ? '' : `${(sfFlac / flacStats).toFixed(2)}× soundfile`],
    ...optional(npTacotronFlac, (s) => [`FLAC: numpy Tacotron (1 process)`, s, shortAudio / s, '']),
    [`FLAC: audit --mel tacotron`, flacFull, shortAudio / flacFull, npTacotronFlac === null ? '' : `${(npTacotronFlac / flacFull).toFixed(1)}× numpy`],
    [`audit --mel tacotron, warm cache`, warm, shortAudio / warm, `${(full / warm).toFixed(0)}× cold`],
    [`60-min file, --mel tacotron`, long, LONG_SEC / long, `peak RSS ${median(rss).toFixed(0)} MiB`],
    ...(longFlac ? [[`60-min FLAC 48k/24/stereo (1 run)`, longFlac.sec, LONG_SEC / longFlac.sec, `peak RSS ${longFlac.rssMiB.toFixed(0)} MiB`] as Row] : []),
  ];
  const line = (a: string, b: string, c: string, d: string): string => `${a.padEnd(38)} ${b.padStart(9)} ${c.padStart(13)}  ${d}`;
  console.log(`audio-audit benchmark: ${FILES} × ${FILE_SEC} s + 1 × ${LONG_SEC / 60} min, 22.05 kHz 16-bit mono; medians of ${RUNS} runs; ${jobs} cores; node ${process.version}`);
  // A shared machine skews every row alike; the load says how much to trust the absolute numbers.
  console.log(`load average before/after: ${loadBefore.map((l) => l.toFixed(1)).join(' ')} / ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(line('run', 'wall s', 'audio s/wall s', 'ratio'));
  for (const [name, sec, speed, ratio] of rows) console.log(line(name, sec.toFixed(3), speed.toFixed(0), ratio));
  for (const row of await scaleRows(dupCpu, RUNS)) console.log(row);
  console.log('');
  console.log('targets (issue 3): tacotron >= 1600×, stats only >= 20000× and >= 10× sox, warm cache < 0.5 s, peak RSS < 300 MB');
  console.log('targets (issue 10): FLAC stats only >= 1.0× soundfile, FLAC tacotron >= 4× numpy, WAV stats only >= 1.5× floor process, 60-min FLAC peak RSS < 300 MB');
  console.log('targets (issue 11): the duplicate search adds < 15 % to a full audit');
}

main().catch((e: unknown) => {
  console.error((e as Error).stack ?? e);
  process.exitCode = 1;
});
