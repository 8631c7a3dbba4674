// Kaldi data dirs: wav.scp (`rec-id path` or `rec-id cmd |`), optional segments (`utt-id rec-id start end [channel]`),
// utt2dur (`utt-id seconds`) and text (`utt-id TRANSCRIPT`).
//
// Output design: one entry per utterance, at the line that defines it (the segments line when segments exists,
// else the wav.scp line); `entry.from` names the other files' lines its fields came from: audioPath -> the
// recording's wav.scp line (segments only), durationSec -> the utt2dur line, text -> the text line. So a finding
// points at the file and line that declared the value it is about (sourceOf(entry, 'durationSec')), and the checks
// downstream see one entry type for every dialect. With segments, durationSec is end - start (the slice that is
// trained on) and a utt2dur line that disagrees is reported here, on that utt2dur line; end = -1 ("to the end of
// the recording", extract-segments.cc) leaves durationSec to utt2dur.
//
// Relative paths are taken from the folder that holds `data/` (where recipes run). A piped command, standard input
// or an archive offset is reported as not checkable: nothing is ever run.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { headLines, resolverFrom, seconds } from '../head';
import { firstUnsorted, kaldiRecords, openUtteranceTable, type KaldiRecord, type UtteranceTable } from '../kaldiTables';
import { problem, type FieldSources, type ManifestDialect, type ManifestItem, type ManifestProblem } from '../types';

/** utt2dur and segments agree within this (get_utt2dur.sh prints end - start with awk's 6 significant digits). */
const DURATION_AGREEMENT_SEC = 0.01;

export const kaldiDialect: ManifestDialect = {
  id: 'kaldi',
  claimsName: (baseName) => baseName === 'wav.scp',
  recognize: (c) => headLines(c.head, 1).every((l) => /^\s*\S+\s+\S/.test(l)),
  parse: parseKaldi,
};

/** Where recipes run: the parent of the innermost `data` folder on the data dir's path, else the data dir's parent. */
export function recipeRoot(dataDir: string): string {
  for (let d = path.resolve(dataDir); path.dirname(d) !== d; d = path.dirname(d)) {
    if (path.basename(d) === 'data') return path.dirname(d);
  }
  return path.dirname(path.resolve(dataDir));
}

/** A wav.scp value as a path, or why it cannot be checked. */
function recordingPath(value: string, resolve: (p: string) => string): string | { reason: string } {
  if (value === '') return { reason: 'no audio path after the recording id' };
  if (value.endsWith('|')) return { reason: `a piped command (${value}): not checkable, it is never run` };
  if (value === '-') return { reason: 'standard input (-): not checkable' };
  if (/:\d+$/.test(value)) return { reason: `an offset into an archive (${value}): not checkable` };
  return resolve(value);
}

async function isFile(p: string): Promise<boolean> {
  return fs.stat(p).then((s) => s.isFile(), () => false);
}

async function* parseKaldi(wavScp: string): AsyncGenerator<ManifestItem> {
  const dataDir = path.dirname(wavScp);
  const resolve = resolverFrom(recipeRoot(dataDir));
  const companion = async (name: string) => ((await isFile(path.join(dataDir, name))) ? path.join(dataDir, name) : null);
  const segments = await companion('segments');
  const primary = segments ?? wavScp;
  const pending: ManifestProblem[] = [];

  const unsorted = async (file: string) => {
    const u = await firstUnsorted(file);
    if (u) pending.push(problem(file, u.line, `${path.basename(file)} is not sorted: ${u.key} comes after ${u.previous} (Kaldi needs LC_ALL=C sort order; utils/fix_data_dir.sh sorts it)`));
    return u !== null;
  };
  const primaryUnsorted = await unsorted(primary);
  const openTable = async (name: string): Promise<[string, UtteranceTable] | null> => {
    const file = await companion(name);
    if (!file) return null;
    const sorted = !(await unsorted(file)) && !primaryUnsorted; // each file's own disorder is reported
    return [file, await openUtteranceTable(file, sorted, {
      onDuplicate: (r, first) => pending.push(problem(file, r.line, `a second line for ${r.key} (the first is line ${first.line})`)),
      onUnused: (r) => pending.push(problem(file, r.line, `${r.key} is in no line of ${path.basename(primary)}`)),
    })];
  };
  const utt2dur = await openTable('utt2dur');
  const text = await openTable('text');

  // Recordings, when segments slice them: as many as the corpus has recordings, far fewer than segments.
  const recordings = new Map<string, { audioPath: string | null; line: number }>();
  if (segments) {
    for await (const r of kaldiRecords(wavScp)) {
      const audio = recordingPath(r.value, resolve);
      if (typeof audio !== 'string') pending.push(problem(wavScp, r.line, audio.reason));
      const first = recordings.get(r.key);
      if (first) pending.push(problem(wavScp, r.line, `a second line for recording ${r.key} (the first is line ${first.line})`));
      else recordings.set(r.key, { audioPath: typeof audio === 'string' ? audio : null, line: r.line });
    }
  }
  yield* pending.splice(0);

  for await (const r of kaldiRecords(primary)) {
    const from: { -readonly [K in keyof FieldSources]: FieldSources[K] } = {};
    let audioPath: string | null = null;
    let offsetSec: number | null = null;
    let durationSec: number | null = null;
    if (segments) {
      const slice = parseSegment(r);
      if (typeof slice === 'string') {
        yield problem(segments, r.line, slice);
        continue;
      }
      const recording = recordings.get(slice.recordingId);
      if (recording) {
        audioPath = recording.audioPath;
        from.audioPath = { file: wavScp, line: recording.line };
      } else {
        yield problem(segments, r.line, `recording ${slice.recordingId} is in no line of wav.scp`);
      }
      offsetSec = slice.start;
      durationSec = slice.end === -1 ? null : slice.end - slice.start;
    } else {
      const audio = recordingPath(r.value, resolve);
      if (typeof audio === 'string') audioPath = audio;
      else yield problem(wavScp, r.line, audio.reason);
    }
    if (utt2dur) {
      const [file, table] = utt2dur;
      const d = await table.get(r.key);
      const declared = d ? seconds(d.value, 'duration') : null;
      if (d && typeof declared === 'string') yield problem(file, d.line, declared);
      else if (d && typeof declared === 'number') {
        if (durationSec === null) {
          durationSec = declared;
          from.durationSec = { file, line: d.line };
        } else if (Math.abs(declared - durationSec) > DURATION_AGREEMENT_SEC) {
          yield problem(file, d.line, `utt2dur says ${declared} s where segments line ${r.line} spans ${round(durationSec)} s`);
        }
      }
    }
    let transcript: string | null = null;
    if (text) {
      const [file, table] = text;
      const t = await table.get(r.key);
      if (t) {
        transcript = t.value;
        from.text = { file, line: t.line };
      }
    }
    yield { kind: 'entry', file: primary, line: r.line, audioPath, uttId: r.key, offsetSec, durationSec, text: transcript, from };
    if (pending.length > 0) yield* pending.splice(0);
  }
  if (utt2dur) await utt2dur[1].finish();
  if (text) await text[1].finish();
  yield* pending.splice(0);
}

/** `rec-id start end [channel]` after the segment id; end -1 runs to the recording's end (extract-segments.cc). */
function parseSegment(r: KaldiRecord): { recordingId: string; start: number; end: number } | string {
  const fields = r.value === '' ? [] : r.value.split(/\s+/);
  if (fields.length !== 3 && fields.length !== 4) return `${fields.length + 1} fields where segments has seg-id rec-id start end [channel]`;
  const start = Number(fields[1]);
  const end = Number(fields[2]);
  if (fields[1] === '' || !Number.isFinite(start)) return `start ${JSON.stringify(fields[1])} is not a number of seconds`;
  if (fields[2] === '' || !Number.isFinite(end)) return `end ${JSON.stringify(fields[2])} is not a number of seconds`;
  if (start < 0) return `start ${start} is negative`;
  if (end !== -1 && end <= start) return `end ${end} is not after start ${start}`;
  return { recordingId: fields[0], start, end };
}

function round(sec: number): number {
  return Math.round(sec * 1e6) / 1e6;
}
