// node --import tsx bench/ogg.ts: audio-seconds per wall-second of the Ogg Vorbis/Opus readers against libsndfile
// (soundfile.read in Debian's python3) on the same files. Not a test: prints medians of 3 runs, one thread each.
// The corpus (50 × 10 s of speech-like stereo per codec) is generated once into a temp dir and reused.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openAudio } from '../src/core/decode/probe';
import { run, SYSTEM_PYTHON } from '../test/fixtures/codecs';
import { speechLike } from '../test/fixtures/dataset';
import { encodeWav, toCode } from '../test/fixtures/wav';

const FILES = 50;
const FILE_SEC = 10;
const RUNS = 3;
const WORK = path.join(tmpdir(), 'audio-audit-bench-ogg-v1');

const CORPORA = [
  { name: 'vorbis 44.1k stereo -q 4', dir: 'vorbis', sr: 44100, encode: (wav: string, out: string) => run('oggenc', ['--quiet', '-q', '4', wav, '-o', out]), ext: 'ogg' },
  { name: 'opus 48k stereo 96 kb/s', dir: 'opus', sr: 48000, encode: (wav: string, out: string) => run('opusenc', ['--quiet', '--bitrate', '96', wav, out]), ext: 'opus' },
];

function generate(): void {
  const done = path.join(WORK, 'complete');
  if (existsSync(done)) return;
  rmSync(WORK, { recursive: true, force: true });
  process.stderr.write(`generating ${FILES} × ${FILE_SEC} s per codec in ${WORK} ...\n`);
  for (const c of CORPORA) {
    mkdirSync(path.join(WORK, c.dir), { recursive: true });
    for (let i = 0; i < FILES; i++) {
      const frames = c.sr * FILE_SEC;
      const left = speechLike(frames, c.sr, 1000 + i, 0.5);
      const right = speechLike(frames, c.sr, 5000 + i, 0.4);
      const wav = path.join(WORK, 'tmp.wav');
      writeFileSync(wav, encodeWav({ sampleRate: c.sr }, [Array.from(left, (v) => toCode(v, 16)), Array.from(right, (v) => toCode(v, 16))]));
      c.encode(wav, path.join(WORK, c.dir, `speech-${String(i).padStart(2, '0')}.${c.ext}`));
    }
  }
  rmSync(path.join(WORK, 'tmp.wav'));
  writeFileSync(done, '');
}

async function decodeAll(files: string[]): Promise<number> {
  let sum = 0;
  for (const f of files) {
    const src = await openAudio(f);
    await src.read((b) => { sum += b.channels[0][b.frames - 1]; });
    await src.close();
  }
  return sum;
}

/** Seconds soundfile.read takes over the files, timed inside python (its start-up excluded). */
function soundfileSeconds(files: string[]): number {
  const script = [
    'import sys, time, soundfile',
    't = time.perf_counter()',
    'for f in sys.argv[1:]: soundfile.read(f, dtype="float64")',
    'print(time.perf_counter() - t)',
  ].join('\n');
  return Number(run(SYSTEM_PYTHON, ['-c', script, ...files]).toString());
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  generate();
  console.log(`Ogg decode: ${FILES} × ${FILE_SEC} s per codec, medians of ${RUNS} runs, one thread; node ${process.version}`);
  console.log('corpus                        ours s  audio s/s   libsndfile s  audio s/s   ratio');
  for (const c of CORPORA) {
    const dir = path.join(WORK, c.dir);
    const files = readdirSync(dir).sort().map((f) => path.join(dir, f));
    await decodeAll(files.slice(0, 2)); // warm-up: WASM compile, JIT
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t = performance.now();
      await decodeAll(files);
      ours.push((performance.now() - t) / 1000);
      theirs.push(soundfileSeconds(files));
    }
    const audio = FILES * FILE_SEC;
    const [a, b] = [median(ours), median(theirs)];
    console.log(`${c.name.padEnd(28)} ${a.toFixed(3).padStart(7)} ${(audio / a).toFixed(0).padStart(10)} ${b.toFixed(3).padStart(14)} ${(audio / b).toFixed(0).padStart(10)} ${(b / a).toFixed(2).padStart(7)}×`);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
