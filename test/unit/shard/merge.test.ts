// merge(shards) == single run: the parts of the demo dataset for N = 1, 3, 4 merge into the report one run writes
// (field by field, only the run metadata `merged` differs); bad parts are refused with their file names.
// Audits the demo dataset once on the worker pool (dist/worker.js; `npm test` builds first).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AuditReport, AuditSettings, FileReport } from '../../../src/core/types';
import { discoverAudio } from '../../../src/core/discovery';
import { resolveSettings } from '../../../src/core/settings';
import { finalizeReport } from '../../../src/core/audit/finalize';
import { findManifests } from '../../../src/core/manifest/find';
import { checkManifests } from '../../../src/core/manifest/check';
import type { ManifestSource } from '../../../src/core/manifest/types';
import { reportJsonChunks } from '../../../src/core/report/jsonChunks';
import { DATASET_RULES } from '../../../src/core/rules/severity';
import { shardOf } from '../../../src/core/shard/assign';
import { datasetIdentity, endLine, fileLine, headerLine, makePartHeader, type PartHeader } from '../../../src/core/shard/part';
import { MergeError } from '../../../src/core/shard/merge';
import { mergePartFiles } from '../../../src/core/shard/readPart';
import { auditTargets } from '../../../src/workers/runAudit';
import { generateDemoDataset, speechLike } from '../../fixtures/dataset';
import { encodeWav, toCode } from '../../fixtures/wav';

let tmp: string;
let root: string;
let files: FileReport[];
let manifests: ManifestSource[];
const settings = resolveSettings();

before(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'audit-merge-'));
  root = path.join(tmp, 'demo');
  generateDemoDataset(root);
  const others: string[] = [];
  const targets = await discoverAudio(root, { include: [], exclude: [], onOtherFile: (f) => others.push(f) });
  ({ files } = await auditTargets(targets, { settings, jobs: 2 }));
  manifests = await findManifests(root, others, settings);
});
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The report as `--out` writes it and a reader gets it back. */
const asWritten = (r: AuditReport): AuditReport => JSON.parse([...reportJsonChunks(r)].join('')) as AuditReport;
const byPath = (a: FileReport, b: FileReport): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

interface PartOptions {
  count: number;
  /** Default: the demo dataset's. */
  files?: FileReport[];
  root?: string;
  settings?: AuditSettings;
  toolVersion?: string;
  header?: Partial<PartHeader>;
}

/** Writes the part of shard `index` the way `--shard index/count` does: header, this shard's files by path, end. */
function writePart(dir: string, index: number, o: PartOptions, name = `part-${index}.jsonl`): string {
  const sorted = [...(o.files ?? files)].sort(byPath);
  const header = {
    ...makePartHeader({
      toolVersion: o.toolVersion ?? '0.1.0',
      shard: { index, count: o.count },
      root: o.root ?? root,
      dataset: datasetIdentity(sorted.map((f) => f.path)),
      settings: o.settings ?? settings,
      created: new Date(),
      manifests: o.files ? [] : manifests,
    }),
    ...o.header,
  };
  const mine = sorted.filter((f) => shardOf(f.path, o.count) === index);
  const file = path.join(dir, name);
  writeFileSync(file, headerLine(header) + mine.map(fileLine).join('') + endLine(mine.length));
  return file;
}

function writeParts(count: number, o: Omit<PartOptions, 'count'> = {}): string[] {
  const dir = mkdtempSync(path.join(tmp, `parts-${count}-`));
  return Array.from({ length: count }, (_, i) => writePart(dir, i, { ...o, count }));
}

/** Every field of the two reports except the run metadata, files one by one so a failure names the file. */
function assertSameReport(merged: AuditReport, single: AuditReport): void {
  const keys = new Set([...Object.keys(merged), ...Object.keys(single)].filter((k) => k !== 'merged'));
  for (const key of keys) {
    if (key === 'files') continue;
    assert.deepEqual(merged[key as keyof AuditReport], single[key as keyof AuditReport], key);
  }
  assert.deepEqual(merged.files.map((f) => f.path), single.files.map((f) => f.path), 'the same files in the same order');
  for (let i = 0; i < single.files.length; i++) assert.deepEqual(merged.files[i], single.files[i], single.files[i].path);
}

async function refused(parts: string[]): Promise<string> {
  try {
    await mergePartFiles(parts);
  } catch (e) {
    if (e instanceof MergeError) return e.message;
    throw e;
  }
  assert.fail('the merge was not refused');
}

test('merge(shards) equals the single run for N = 1, 3, 4, and 64 (most shards empty)', async () => {
  // The demo's speech/ manifests are checked by the merge as by the single run.
  assert.ok(manifests.length >= 2);
  const single = asWritten(finalizeReport(root, settings, files, false, await checkManifests(root, manifests, files, settings)));
  assert.ok((single.manifests ?? []).some((m) => m.findings.some((x) => x.rule === 'split-leakage')));
  // The dataset rules must fire in the merge for files whose shard holds none of the majority they differ from.
  assert.ok(single.files.some((f) => f.findings.some((x) => DATASET_RULES.has(x.rule))));
  for (const n of [1, 3, 4, 64]) {
    const parts = writeParts(n);
    const shares = parts.map((p) => readFileSync(p, 'utf8').split('\n').length - 3);
    assert.equal(shares.reduce((a, b) => a + b, 0), single.files.length);
    if (n > 1 && n < 64) assert.ok(shares.every((k) => k > 0 && k < single.files.length), `N = ${n}: every shard has some files (${shares})`);
    if (n === 64) assert.ok(shares.filter((k) => k === 0).length >= 64 - single.files.length, 'empty parts (header and end record only)');
    const merged = asWritten(await mergePartFiles(parts));
    assertSameReport(merged, single);
    assert.deepEqual(merged.merged, { parts: n });
    // The parts themselves carry no dataset-level finding: the merge decided them all.
    for (const p of parts) {
      for (const line of readFileSync(p, 'utf8').trimEnd().split('\n').slice(1, -1)) {
        const { report } = JSON.parse(line) as { report: FileReport };
        assert.deepEqual(report.findings.filter((x) => DATASET_RULES.has(x.rule)), [], report.path);
      }
    }
  }
});

test('duplicates across shards: exact and near duplicates in different parts are found by the merge', async () => {
  // The demo plus an exact copy and a half-gain copy of a clean file, under names that land in other shards of 4.
  const dir = path.join(tmp, 'dups');
  generateDemoDataset(dir);
  const original = 'clean/pcm16-22k-mono-speech-01.wav';
  const pick = (prefix: string, avoid: number[]): string => {
    for (let k = 0; ; k++) if (!avoid.includes(shardOf(`${prefix}-${k}.wav`, 4))) return `${prefix}-${k}.wav`;
  };
  const copy = pick('dups/exact-copy', [shardOf(original, 4)]);
  const quieter = pick('dups/half-gain', [shardOf(original, 4), shardOf(copy, 4)]);
  mkdirSync(path.join(dir, 'dups'));
  copyFileSync(path.join(dir, original), path.join(dir, copy));
  // The same speech the demo writes for clean file 1 (speechLike seed 1, 2 s at 22.05 kHz), at half the peak.
  writeFileSync(path.join(dir, quieter), encodeWav({}, [Array.from(speechLike(44100, 22050, 1, 0.15), (v) => toCode(v, 16))]));
  const targets = await discoverAudio(dir, { include: [], exclude: [] });
  const { files: dupFiles } = await auditTargets(targets, { settings, jobs: 2 });
  // The parts below list no manifests (their headers say so): the single run checks none either.
  const single = asWritten(finalizeReport(dir, settings, dupFiles, false, await checkManifests(dir, [], dupFiles, settings)));
  const rules = (p: string) => single.files.find((f) => f.path === p)!.findings.map((x) => x.rule);
  assert.ok(rules(copy).includes('duplicate-audio'), `${copy}: ${rules(copy)}`);
  assert.ok(rules(quieter).includes('near-duplicate-audio'), `${quieter}: ${rules(quieter)}`);
  assert.equal(new Set([original, copy, quieter].map((p) => shardOf(p, 4))).size, 3, 'three different shards');

  const partsDir = mkdtempSync(path.join(tmp, 'dup-parts-'));
  const parts = Array.from({ length: 4 }, (_, i) => writePart(partsDir, i, { count: 4, files: dupFiles, root: dir }));
  assertSameReport(asWritten(await mergePartFiles(parts)), single);
});

test('parts given in any order merge to the same report', async () => {
  const parts = writeParts(4);
  const a = await mergePartFiles(parts);
  const b = await mergePartFiles([parts[2], parts[0], parts[3], parts[1]]);
  assert.deepEqual(b, a);
});

test('missing, repeated and mismatched parts are refused, naming the files', async () => {
  const parts = writeParts(4);
  const name = (i: number) => parts[i];
  assert.match(await refused([parts[0], parts[1], parts[3]]), new RegExp(`missing shard 2/4 of 4; given: 0 \\(${name(0)}\\), 1 \\(${name(1)}\\), 3 \\(${name(3)}\\)`));
  const copy = path.join(path.dirname(parts[1]), 'part-1-again.jsonl');
  writeFileSync(copy, readFileSync(parts[1]));
  assert.match(await refused([...parts, copy]), new RegExp(`shard 1/4 was given more than once: ${name(1)}, ${copy}`));

  const dir = path.dirname(parts[0]);
  const otherQ = writePart(dir, 2, { count: 4, settings: { ...settings, qLevels: 512 } }, 'part-2-q512.jsonl');
  assert.match(await refused([parts[0], parts[1], otherQ, parts[3]]), new RegExp(`made with different settings: .*qLevels differing from ${name(0)} \\(${otherQ}\\)`));
  const otherVersion = writePart(dir, 3, { count: 4, toolVersion: '0.0.9' }, 'part-3-old.jsonl');
  assert.match(await refused([parts[0], parts[1], parts[2], otherVersion]), new RegExp(`different audio-audit versions: 0.1.0 \\(${name(0)}, ${name(1)}, ${name(2)}\\); 0.0.9 \\(${otherVersion}\\)`));
  const ofThree = writePart(dir, 2, { count: 3 }, 'part-2-of-3.jsonl');
  assert.match(await refused([parts[0], parts[1], ofThree, parts[3]]), new RegExp(`different shard counts: 4 shards \\(${name(0)}, ${name(1)}, ${name(3)}\\); 3 shards \\(${ofThree}\\)`));
  const otherRoot = writePart(dir, 1, { count: 4, header: { root: '/elsewhere' } }, 'part-1-elsewhere.jsonl');
  assert.match(await refused([parts[0], otherRoot, parts[2], parts[3]]), /audited different roots: .*\/elsewhere/);
  const changed = writePart(dir, 3, { count: 4, header: { dataset: datasetIdentity(['one.wav']) } }, 'part-3-changed.jsonl');
  assert.match(await refused([parts[0], parts[1], parts[2], changed]), new RegExp(`the dataset changed between the shards .*${files.length} files.*; 1 files, paths digest [0-9a-f]{12} \\(${changed}\\)`));
});

test('truncated parts are refused: no end record, a cut last line, an empty file, not a part', async () => {
  const parts = writeParts(4);
  const text = readFileSync(parts[2], 'utf8');
  const lines = text.split('\n');
  const fileLines = lines.length - 3; // header, files, end, ''
  writeFileSync(parts[2], lines.slice(0, -2).join('\n') + '\n'); // killed before the end record
  assert.match(await refused(parts), new RegExp(`${parts[2]} is truncated: no end record after its ${fileLines} file records`));
  writeFileSync(parts[2], text.slice(0, text.indexOf('\n', text.indexOf('\n') + 1) + 40)); // killed mid-write of line 3
  assert.match(await refused(parts), new RegExp(`${parts[2]}: line 3 is not complete JSON \\(cut off\\?\\): the part is truncated or damaged`));
  writeFileSync(parts[2], text.replace(/\{"type":"end","files":\d+\}/, `{"type":"end","files":${fileLines + 1}}`));
  assert.match(await refused(parts), new RegExp(`${parts[2]}: its end record counts ${fileLines + 1} files, but it holds ${fileLines}`));
  writeFileSync(parts[2], '');
  assert.match(await refused(parts), new RegExp(`${parts[2]} is empty, not an audio-audit part`));
  writeFileSync(parts[2], [...reportJsonChunks(finalizeReport(root, settings, files, false))].join(''));
  assert.match(await refused(parts), new RegExp(`${parts[2]} is not an audio-audit part: its first line is not complete JSON`));
  writeFileSync(parts[2], text.replace('"version":1,', '"version":2,'));
  assert.match(await refused(parts), new RegExp(`${parts[2]} is not an audio-audit part: its first line is part format version 2, and this audio-audit reads version 1`));
});

test('a part holding another shard\'s file, or a file twice, is refused', async () => {
  const parts = writeParts(4);
  const line3 = readFileSync(parts[3], 'utf8').split('\n')[1];
  const moved = JSON.parse(line3).report.path as string;
  const zero = readFileSync(parts[0], 'utf8').split('\n');
  const count = zero.length - 3;
  zero.splice(1, 0, line3);
  writeFileSync(parts[0], zero.join('\n').replace(/"files":\d+\}$/m, `"files":${count + 1}}`));
  assert.match(await refused(parts), new RegExp(`${parts[0]} is shard 0/4 but holds files of other shards: ${moved} \\(shard 3\\)`));
  const again = writeParts(4);
  const twice = readFileSync(again[1], 'utf8').split('\n');
  twice.splice(2, 0, twice[1]);
  writeFileSync(again[1], twice.join('\n').replace(/"files":(\d+)\}$/m, (_, k) => `"files":${Number(k) + 1}}`));
  assert.match(await refused(again), new RegExp(`${JSON.parse(twice[1]).report.path} appears more than once in the parts`));
});
