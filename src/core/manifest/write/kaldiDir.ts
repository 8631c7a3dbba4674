// A filtered Kaldi data dir: every table is filtered by the same utterances, so utils/validate_data_dir.sh finds
// them consistent. Per-utterance tables (segments, text, utt2*, feats.scp, ...; wav.scp when there are no segments)
// lose the dropped utterances' lines; wav.scp and reco2* (with segments) lose recordings whose every segment was
// dropped; spk2utt loses the dropped utterances and speakers left with none; spk2* and cmvn.scp lose those speakers.
// Other files (frame_shift, conf) are copied; sub-folders (split*, .backup) are not. Kept lines are copied byte for
// byte, order kept (so sorted tables stay sorted); only utt2dur values are rewritten (--fix-durations) and relative
// wav.scp paths when the new dir has another recipe root.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { recipeRoot } from '../dialects/kaldi';
import { kaldiRecords } from '../kaldiTables';
import { rawLines, type RawLinesInfo } from './rawLines';
import { pathRelocator, writeEdited, writeRaw } from './lineEdits';
import { temporaryPath, writeAtomically, type AtomicFile } from './atomicFile';

export interface KaldiDrops {
  /** Lines of the primary table (segments, else wav.scp) to leave out. */
  readonly primaryLines: ReadonlySet<number>;
  /** Utterances whose lines leave every per-utterance table (none of their lines is kept in the primary). */
  readonly utts: ReadonlySet<string>;
  /** Utterance -> seconds written to utt2dur (--fix-durations); in the primary table's order. */
  readonly durations: ReadonlyMap<string, number>;
  readonly fixDurations: boolean;
  /** Every kept utterance has a duration: a utt2dur may be created (an incomplete one would fail validation). */
  readonly durationsComplete: boolean;
}

type TableKind = 'utterance' | 'recording' | 'speaker' | 'spk2utt' | 'copy';

function kindOf(name: string, hasSegments: boolean): TableKind {
  if (name === 'spk2utt') return 'spk2utt';
  if (name === 'wav.scp' || name.startsWith('reco2')) return hasSegments ? 'recording' : 'utterance';
  if (name === 'segments' || name === 'text' || name === 'feats.scp' || name === 'vad.scp' || name.startsWith('utt2')) return 'utterance';
  if (name === 'cmvn.scp' || name.startsWith('spk2')) return 'speaker';
  return 'copy';
}

/** The key of a table line: its first whitespace-separated field ('' for a blank line). */
function keyOf(text: string): string {
  return /^\s*(\S*)/.exec(text)![1];
}

/** Writes the filtered copy of `inDir` to `outDir` (a new folder, renamed into place; or an existing one with force). */
export async function writeKaldiDir(inDir: string, outDir: string, drops: KaldiDrops, signal?: AbortSignal): Promise<string[]> {
  const names = (await fs.readdir(inDir, { withFileTypes: true })).filter((d) => d.isFile()).map((d) => d.name).sort();
  const skipped = (await fs.readdir(inDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  const hasSegments = names.includes('segments');
  const [recordings, speakers] = await Promise.all([
    hasSegments ? unusedKeys(path.join(inDir, 'segments'), drops.utts, (t) => t.split(/\s+/)[0]) : Promise.resolve(new Set<string>()),
    names.includes('utt2spk') ? unusedKeys(path.join(inDir, 'utt2spk'), drops.utts, (t) => t) : Promise.resolve(new Set<string>()),
  ]);
  const relocate = pathRelocator({ fromDir: recipeRoot(inDir), toDir: recipeRoot(outDir) });

  const exists = await fs.stat(outDir).then(() => true, () => false);
  const stage = exists ? outDir : temporaryPath(outDir);
  if (!exists) await fs.mkdir(path.dirname(outDir), { recursive: true }).then(() => fs.mkdir(stage));
  try {
    for (const name of names) {
      signal?.throwIfAborted();
      const kind = kindOf(name, hasSegments);
      const input = path.join(inDir, name);
      await writeAtomically(path.join(stage, name), async (out) => {
        if (kind === 'copy') return void (await out.write(await fs.readFile(input)));
        const primary = name === (hasSegments ? 'segments' : 'wav.scp');
        await filterTable(input, out, {
          drop: (line, key) => (primary ? drops.primaryLines.has(line) : kind === 'utterance' ? drops.utts.has(key) : kind === 'recording' ? recordings.has(key) : kind === 'speaker' ? speakers.has(key) : false),
          edit: (text, key) => {
            if (name === 'utt2dur' && drops.fixDurations && drops.durations.has(key)) {
              const sec = drops.durations.get(key)!;
              return Number(text.trim().split(/\s+/)[1]) === sec ? null : `${key} ${sec}`;
            }
            if (name === 'wav.scp') return relocatedScpLine(text, relocate);
            if (kind === 'spk2utt') return spk2uttLine(text, drops.utts);
            return null;
          },
        }, signal);
      });
    }
    // --fix-durations on a dir without utt2dur: written as utils/data/get_utt2dur.sh would, in the primary's order.
    const created = drops.fixDurations && !names.includes('utt2dur') && drops.durationsComplete && drops.durations.size > 0;
    if (created) {
      await writeAtomically(path.join(stage, 'utt2dur'), async (out) => {
        for (const [utt, sec] of drops.durations) await out.write(`${utt} ${sec}\n`);
      });
    }
    if (exists) {
      // Replacing a dir (--force): a table the input has no longer would not match the others.
      const written = new Set([...names, ...(created ? ['utt2dur'] : [])]);
      for (const old of await fs.readdir(outDir, { withFileTypes: true })) {
        if (old.isFile() && !written.has(old.name) && kindOf(old.name, hasSegments) !== 'copy') await fs.rm(path.join(outDir, old.name));
      }
    } else await fs.rename(stage, outDir);
  } catch (e) {
    if (!exists) await fs.rm(stage, { recursive: true, force: true });
    throw e;
  }
  return skipped.map((d) => `${path.join(inDir, d)}: a sub-folder of the data dir (split or backup) is not copied`);
}

interface TableFilter {
  drop(line: number, key: string): boolean;
  /** The line's new text, or null to copy it unchanged. */
  edit(text: string, key: string): string | null;
}

async function filterTable(input: string, out: AtomicFile, filter: TableFilter, signal?: AbortSignal): Promise<void> {
  const info: RawLinesInfo = { bom: false };
  for await (const l of rawLines(input, info, signal)) {
    const key = keyOf(l.text);
    if (key !== '' && filter.drop(l.line, key)) continue;
    const edited = key === '' ? null : filter.edit(l.text, key);
    if (edited === null || edited === l.text) await writeRaw(out, l, info.bom);
    else if (edited !== '') await writeEdited(out, l, edited, info.bom);
  }
}

/**
 * The values (recordings of segments, speakers of utt2spk) that only dropped utterances use: their lines go too.
 * A value no utterance uses at all in the input stays.
 */
async function unusedKeys(table: string, droppedUtts: ReadonlySet<string>, valueOf: (value: string) => string): Promise<Set<string>> {
  const dropped = new Set<string>();
  const kept = new Set<string>();
  for await (const r of kaldiRecords(table)) (droppedUtts.has(r.key) ? dropped : kept).add(valueOf(r.value));
  for (const k of kept) dropped.delete(k);
  return dropped;
}

/** spk2utt without the dropped utterances; '' (line left out) when none is left. */
function spk2uttLine(text: string, droppedUtts: ReadonlySet<string>): string | null {
  const [spk, ...utts] = text.trim().split(/\s+/);
  const left = utts.filter((u) => !droppedUtts.has(u));
  if (left.length === utts.length) return null;
  return left.length === 0 ? '' : [spk, ...left].join(' ');
}

/** A wav.scp line whose relative path must resolve from another recipe root; commands and archives stay as written. */
function relocatedScpLine(text: string, relocate: (written: string) => string): string | null {
  const m = /^(\s*\S+\s+)(\S+)(\s*)$/.exec(text);
  if (!m || m[2] === '-' || /:\d+$/.test(m[2])) return null;
  const moved = relocate(m[2]);
  return moved === m[2] ? null : m[1] + moved + m[3];
}
