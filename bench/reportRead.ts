// node --import tsx bench/reportRead.ts: reading a report file for the panel. The streaming reader (streamReader.ts,
// what Open Report File… uses from 256 MiB on; files[] entries read by the WebAssembly entry kernel) against peers run
// side by side in this process on the same files: the same reader with its JS scanner only (kernel: false), the floor
// (the same 16 MiB reads, no scan) and, on the 100 000-file report, JSON.parse of the whole text (the all-rows path;
// a 1 000 000-file report is more than one V8 string). Medians of RUNS runs, wall and CPU (user+sys).
// Not a test: prints a table. The 1 000 000-file report is generated once (test/fixtures/millionReport.ts).
import { closeSync, existsSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { readReportColumns } from '../src/core/report/streamReader';
import { fakeReport } from '../test/fixtures/fakeReport';
import { millionReportFile } from '../test/fixtures/millionReport';

const RUNS = Number(process.env.REPORT_READ_RUNS ?? 3);
const CHUNK = 16 << 20;

function timed(run: () => void): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  run();
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function medianRun(run: () => void): { wall: number; cpu: number } {
  const runs = Array.from({ length: RUNS }, () => timed(run));
  return { wall: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)) };
}

/** The reads the reader makes, without the scan. */
function readFloor(file: string): void {
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(CHUNK);
  let at = 0;
  let n;
  let touch = 0;
  while ((n = readSync(fd, buf, 0, CHUNK, at)) > 0) { at += n; touch += buf[0]; }
  closeSync(fd);
  if (touch < 0) throw new Error('unreachable');
}

function streamRead(file: string, kernel = true): number {
  const fd = openSync(file, 'r');
  let at = 0;
  const r = readReportColumns((into, offset, length) => { const n = readSync(fd, into, offset, length, at); at += n; return n; }, { chunkBytes: CHUNK, kernel });
  closeSync(fd);
  return r.files.count;
}

function main(): void {
  const small = path.join(tmpdir(), 'audio-audit-bench-report-100k.json');
  if (!existsSync(small)) writeFileSync(small, JSON.stringify(fakeReport(100_000, { mel: false }), null, 2) + '\n');
  const big = millionReportFile(1_000_000, path.resolve(__dirname, '..', 'dist', 'cli.js'));
  const load = loadavg();
  const rows: [string, { wall: number; cpu: number }][] = [];
  for (const [name, file] of [['100 000 files', small], ['1 000 000 files', big]] as const) {
    const floor = medianRun(() => readFloor(file));
    rows.push([`${name}: floor (16 MiB reads only)`, floor]);
    if (file === small) rows.push([`${name}: readFileSync + JSON.parse`, medianRun(() => { JSON.parse(readFileSync(file, 'utf8')); })]);
    rows.push([`${name}: streaming reader, JS scan only`, medianRun(() => { streamRead(file, false); })]);
    rows.push([`${name}: streaming reader`, medianRun(() => { streamRead(file); })]);
  }
  console.log(`report file reading: medians of ${RUNS} runs; ${availableParallelism()} cores; node ${process.version}; load average before/after ${load.map((l) => l.toFixed(1)).join(' ')} / ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`${'run'.padEnd(48)} ${'wall s'.padStart(8)} ${'cpu s'.padStart(8)}  ratio (cpu)`);
  const ref = (prefix: string, what: string) => rows.find(([n]) => n.startsWith(prefix) && n.includes(what))?.[1];
  for (const [name, r] of rows) {
    const prefix = name.split(':')[0];
    const parse = ref(prefix, 'JSON.parse');
    const floor = ref(prefix, 'floor');
    const js = ref(prefix, 'JS scan only');
    const vsJs = name.endsWith('streaming reader') && js ? `${(r.cpu / js.cpu).toFixed(2)}× JS scan, ` : '';
    const ratio = name.includes('streaming') ? `${vsJs}${parse ? `${(r.cpu / parse.cpu).toFixed(2)}× JSON.parse, ` : ''}${floor ? `${(r.cpu / Math.max(floor.cpu, 1e-3)).toFixed(1)}× floor` : ''}` : '';
    console.log(`${name.padEnd(48)} ${r.wall.toFixed(2).padStart(8)} ${r.cpu.toFixed(2).padStart(8)}  ${ratio}`);
  }
}

main();
