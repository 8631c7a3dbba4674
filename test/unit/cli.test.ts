// End-to-end over the built CLI: exit codes, --json shape, --csv, --out/--stats-out, malformed files, read-only audit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AuditReport, FileReport } from '../../src/core/types';
import { DEMO_MANIFEST_DEFECTS, generateDemoDataset, type DatasetFile } from '../fixtures/dataset';
import { encodeWav, sineCodes } from '../fixtures/wav';
import { runCli, checksums } from '../fixtures/cli';
import { CSV_COLUMNS } from '../../src/cli/csv';

let tmp: string;
let data: string;
let manifest: DatasetFile[];
let before_: Map<string, string>;

before(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'audit-cli-'));
  data = path.join(tmp, 'dataset');
  manifest = generateDemoDataset(data);
  before_ = checksums(data);
});

after(() => rmSync(tmp, { recursive: true, force: true }));

const parse = (stdout: string): AuditReport => JSON.parse(stdout) as AuditReport;
const byPath = (r: AuditReport): Map<string, FileReport> => new Map(r.files.map((f) => [f.path, f]));

test('--json: report version 1 with every file, each rule firing on the file built for it, clean files quiet', () => {
  const r = runCli([data, '--json', '--no-progress', '--jobs', '2', '--fail-on', 'never']);
  assert.equal(r.status, 0, r.stderr);
  const report = parse(r.stdout);
  assert.equal(report.version, 1);
  assert.equal(report.root, data);
  assert.equal(report.partial, false);
  assert.deepEqual(report.files.map((f) => f.path), manifest.map((m) => m.relPath)); // ordered by path
  assert.equal(report.dataset.fileCount, manifest.length);
  const files = byPath(report);
  for (const m of manifest) {
    const f = files.get(m.relPath)!;
    for (const key of ['path', 'error', 'format', 'channels', 'dcOffset', 'peak', 'peakDbfs', 'rmsDbfs', 'stereoDownmixLossDb', 'minMax', 'findings']) {
      assert.ok(key in f, `${m.relPath} lacks ${key}`);
    }
    const rules = f.findings.map((x) => x.rule);
    if (m.rule === null) assert.deepEqual(rules, [], `${m.relPath} should be clean`);
    else assert.ok(rules.includes(m.rule), `${m.relPath}: expected ${m.rule}, got ${rules.join(', ') || 'nothing'}`);
  }
  // The clean files are 22.05 kHz mono pcm/16, the majority the mismatch rules compare against.
  assert.equal(report.dataset.sampleRates['22050'] > manifest.length / 2, true);
  assert.equal(files.get('rules/unreadable-text-named.wav')!.error !== null, true);
  // The demo's manifests: each defect on the line built for it.
  for (const d of DEMO_MANIFEST_DEFECTS) {
    const m = report.manifests!.find((x) => x.path === d.manifest)!;
    assert.ok(m.findings.some((x) => x.rule === d.rule && x.line === d.line), `${d.manifest}:${d.line} ${d.rule}`);
  }
  assert.deepEqual(report.manifests!.map((m) => [m.path, m.dialect, m.split]), [['speech/test.jsonl', 'nemo', 'test'], ['speech/train.jsonl', 'nemo', 'train']]);
});

test('exit codes: 1 for findings at --fail-on, 0 below it, 2 for usage errors and no audio', () => {
  assert.equal(runCli([data, '--no-progress', '--mel', 'none']).status, 1); // unreadable files are errors
  const clean = ['--include', 'clean/**', '--no-progress'];
  assert.equal(runCli([data, ...clean, '--fail-on', 'info']).status, 0);
  assert.equal(runCli([data, '--include', 'rules/dc-offset*', '--fail-on', 'warning', '--mel', 'none']).status, 1);
  assert.equal(runCli([data, '--include', 'rules/dc-offset*', '--fail-on', 'error', '--mel', 'none']).status, 0);

  const noArgs = runCli([]);
  assert.equal(noArgs.status, 2);
  assert.match(noArgs.stderr, /no path given/);
  assert.match(runCli([data, '--jobs', 'many']).stderr, /--jobs must be an integer/);
  assert.equal(runCli([path.join(tmp, 'does-not-exist')]).status, 2);
  const emptyDir = path.join(tmp, 'no-audio');
  mkdirSync(emptyDir);
  writeFileSync(path.join(emptyDir, 'readme.txt'), 'no audio here');
  const none = runCli([emptyDir]);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /no audio found/);
  const help = runCli(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Usage:\n {2}audio-audit \[audit\] <path\.\.\.>/);
});

test('the summary: counts per rule, the min-max shift share, worst files', () => {
  const r = runCli([data, '--no-progress', '--fail-on', 'never']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`audio-audit: ${manifest.length} files`));
  assert.match(r.stdout, /findings by rule:/);
  assert.match(r.stdout, /error {4}unreadable +\d+/);
  assert.match(r.stdout, /min-max quantization \(q=256\): [\d.]+% of files move the zero bin/);
  assert.match(r.stdout, /worst files/);
  assert.equal(r.stderr.includes('['), false); // no progress bar: stderr is not a terminal
});

test('--csv, --out and --stats-out write their files; the CSV has one row per file and per manifest-line finding', () => {
  const out = path.join(tmp, 'out');
  const r = runCli([data, '--no-progress', '--mel', 'none', '--fail-on', 'never', '--csv', path.join(out, 'r.csv'),
    '--out', path.join(out, 'r.json'), '--stats-out', path.join(out, 'stats.json')]);
  assert.equal(r.status, 0, r.stderr);
  const rows = readFileSync(path.join(out, 'r.csv'), 'utf8').trimEnd().split('\r\n');
  assert.equal(rows[0], [...CSV_COLUMNS.map(([c]) => c), 'line', 'message'].join(','));
  const report = JSON.parse(readFileSync(path.join(out, 'r.json'), 'utf8')) as AuditReport;
  const manifestFindings = (report.manifests ?? []).reduce((n, m) => n + m.findings.length, 0);
  assert.ok(manifestFindings >= DEMO_MANIFEST_DEFECTS.length);
  assert.equal(rows.length, manifest.length + manifestFindings + 1);
  const unreadable = rows.find((row) => row.startsWith('rules/unreadable-text-named.wav,'))!;
  assert.match(unreadable, /,unreadable,/);
  assert.equal(report.files.length, manifest.length);
  const stats = JSON.parse(readFileSync(path.join(out, 'stats.json'), 'utf8'));
  assert.equal(stats.version, 1);
  assert.ok('normalization' in stats);
});

test('--html writes one self-contained page: the report bundle inline, the file count in its data, no external URL', () => {
  const out = path.join(tmp, 'out-html', 'report.html');
  const r = runCli([data, '--no-progress', '--mel', 'none', '--fail-on', 'never', '--html', out]);
  assert.equal(r.status, 0, r.stderr);
  const html = readFileSync(out, 'utf8');
  assert.match(html, /^<!DOCTYPE html>/i);
  assert.match(html, /default-src &#39;none&#39;/);
  assert.equal(/(src|href)="https?:/.test(html), false);
  // The audited paths are in the embedded data.
  for (const f of manifest.slice(0, 3)) assert.ok(html.includes(f.relPath), f.relPath);
});

test('--cache: the second run gives the same report', () => {
  const cache = path.join(tmp, 'cache', 'audit-cache.json');
  const args = [data, '--json', '--no-progress', '--fail-on', 'never', '--cache', cache];
  const first = runCli(args);
  const second = runCli(args);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(second.stdout, first.stdout);
  assert.equal(JSON.parse(readFileSync(cache, 'utf8')).format, 'audio-audit-cache');
});

test('malformed files never crash the CLI: each gets a per-file error, the others are audited', () => {
  const dir = path.join(tmp, 'malformed');
  mkdirSync(dir);
  const good = encodeWav({}, [sineCodes(2205, 441, 22050, 0.5)]);
  const ascii = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
  const u32 = (n: number): string => String.fromCharCode(n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255);
  const broken: Record<string, Uint8Array> = {
    'empty-file.wav': new Uint8Array(0),
    'text-file.wav': ascii('hello, I am text\n'),
    'riff-header-only.wav': good.subarray(0, 12),
    'header-without-data.wav': good.subarray(0, 36),
    'fmt-missing.wav': ascii(`RIFF${u32(4 + 8 + 4)}WAVEdata${u32(4)}\u0001\u0000\u0002\u0000`),
    'zero-channels.wav': encodeWav({ fmtOverride: { channels: 0 } }, [[1, 2, 3]]),
    'zero-sample-rate.wav': encodeWav({ fmtOverride: { sampleRate: 0 } }, [[1, 2, 3]]),
    'unknown-format-tag-mp3.wav': encodeWav({ fmtOverride: { formatTag: 0x55 } }, [[1, 2, 3]]),
  };
  const readable: Record<string, Uint8Array> = {
    'data-size-past-eof.wav': encodeWav({ declaredDataBytes: 1 << 20 }, [sineCodes(2205, 441, 22050, 0.5)]),
    'data-size-streaming-ffffffff.wav': encodeWav({ declaredDataBytes: 0xffffffff }, [sineCodes(2205, 441, 22050, 0.5)]),
    'odd-list-chunk-before-fmt.wav': encodeWav({ before: [{ id: 'LIST', body: ascii('INFOx') }] }, [sineCodes(2205, 441, 22050, 0.5)]),
    'half-frame-at-end.wav': new Uint8Array([...good, 7]),
    // libsndfile ignores a wrong blockAlign and reads 2-byte frames; so does the audit, with a note saying so.
    'block-align-inconsistent.wav': encodeWav({ fmtOverride: { blockAlign: 3 } }, [sineCodes(2205, 441, 22050, 0.5)]),
  };
  for (const [name, bytes] of Object.entries({ ...broken, ...readable })) writeFileSync(path.join(dir, name), bytes);
  const sums = checksums(dir);

  const r = runCli([dir, '--json', '--no-progress', '--jobs', '2']);
  assert.equal(r.status, 1, r.stderr); // error findings, not a crash (which would be 2 with "internal error")
  assert.doesNotMatch(r.stderr, /internal error/);
  const files = byPath(parse(r.stdout));
  assert.equal(files.size, Object.keys(broken).length + Object.keys(readable).length);
  for (const name of Object.keys(broken)) {
    const f = files.get(name)!;
    assert.equal(typeof f.error, 'string', `${name} should have an error`);
    assert.ok(f.findings.some((x) => x.severity === 'error'), name);
  }
  for (const name of Object.keys(readable)) assert.equal(files.get(name)!.error, null, `${name} is readable`);
  assert.ok(files.get('data-size-past-eof.wav')!.findings.some((x) => x.rule === 'truncated'));
  assert.ok(files.get('block-align-inconsistent.wav')!.findings.some((x) => x.rule === 'nonstandard-header' && /blockAlign is 3/.test(x.message)));
  assert.deepEqual(checksums(dir), sums);
});

test('the audit is read-only: every dataset file is byte-identical and nothing was added', () => {
  // Runs after the other tests, which audited this dataset with every output option and the cache.
  assert.deepEqual(checksums(data), before_);
});
