// Finds the manifests among an audited folder's files: each dialect claims names cheaply, then recognizes the
// candidate's first bytes and siblings. A new dialect is one file in dialects/ and one line in DIALECTS; the first
// dialect that recognizes a file owns it (LJSpeech before AudioFolder: both use metadata.csv).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { audioFolderDialect } from './dialects/audiofolder';
import { commonVoiceDialect } from './dialects/commonvoice';
import { kaldiDialect } from './dialects/kaldi';
import { librispeechDialect } from './dialects/librispeech';
import { ljspeechDialect } from './dialects/ljspeech';
import { nemoDialect } from './dialects/nemo';
import { splitOf } from './split';
import type { DialectId, ManifestCandidate, ManifestDialect, ManifestItem, ManifestSource } from './types';

export const DIALECTS: readonly ManifestDialect[] = [
  nemoDialect,
  ljspeechDialect,
  audioFolderDialect,
  commonVoiceDialect,
  kaldiDialect,
  librispeechDialect,
];

/** Enough for a header and a few lines; a longer first line is not a manifest line anyone writes by hand. */
const HEAD_BYTES = 64 * 1024;

/**
 * The manifests among `relPaths` ('/'-separated, relative to `root`; every file of the folder, not only audio),
 * in the order given. Unreadable files are passed over. `anyName`: the files were named by the user, so no dialect
 * needs to claim the name first.
 */
export async function detectManifests(root: string, relPaths: readonly string[], anyName = false): Promise<ManifestSource[]> {
  const siblingsOf = new Map<string, Promise<ReadonlySet<string>>>();
  const found: ManifestSource[] = [];
  for (const relPath of relPaths) {
    const baseName = relPath.slice(relPath.lastIndexOf('/') + 1);
    // A manifest the user names explicitly may have any name: every dialect looks at its shape.
    const claimants = anyName ? DIALECTS : DIALECTS.filter((d) => d.claimsName(baseName));
    if (claimants.length === 0) continue;
    const absPath = path.join(root, ...relPath.split('/'));
    const dir = path.dirname(absPath);
    if (!siblingsOf.has(dir)) siblingsOf.set(dir, fs.readdir(dir).then((names) => new Set(names), () => new Set<string>()));
    const head = await readHead(absPath);
    if (head === null) continue;
    const candidate: ManifestCandidate = { absPath, relPath, head, siblings: await siblingsOf.get(dir)! };
    const dialect = claimants.find((d) => d.recognize(candidate));
    if (dialect) found.push({ dialect: dialect.id, path: absPath, relPath, split: splitOf(relPath) });
  }
  return found;
}

export function dialectOf(id: DialectId): ManifestDialect {
  const d = DIALECTS.find((x) => x.id === id);
  if (!d) throw new Error(`no manifest dialect ${id}`);
  return d;
}

/** Streams a detected manifest's entries and problems. */
export function parseManifest(source: Pick<ManifestSource, 'dialect' | 'path'>): AsyncGenerator<ManifestItem> {
  return dialectOf(source.dialect).parse(source.path);
}

/** The first HEAD_BYTES as text, BOM removed, cut after the last line break when the file goes on. */
async function readHead(absPath: string): Promise<string | null> {
  let handle;
  try {
    handle = await fs.open(absPath, 'r');
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buf, 0, HEAD_BYTES, 0);
    let text = new StringDecoder('utf8').write(buf.subarray(0, bytesRead));
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (bytesRead === HEAD_BYTES) text = text.slice(0, text.lastIndexOf('\n') + 1);
    return text;
  } catch {
    return null;
  } finally {
    await handle?.close();
  }
}
