// LibriSpeech transcripts: <speaker>-<chapter>.trans.txt beside the chapter's audio, lines `utt-id TEXT`;
// the audio is <utt-id>.flac in the same folder.
import * as path from 'node:path';
import { lineBatches } from '../lines';
import { headLines } from '../head';
import { problem, type ManifestDialect, type ManifestItem } from '../types';

export const librispeechDialect: ManifestDialect = {
  id: 'librispeech',
  claimsName: (baseName) => /^[^-.]+-[^-.]+\.trans\.txt$/i.test(baseName),
  recognize: (c) => headLines(c.head, 1).every((l) => /^\S+(\s|$)/.test(l)),
  parse: parseLibrispeech,
};

async function* parseLibrispeech(file: string): AsyncGenerator<ManifestItem> {
  const dir = path.dirname(file);
  let line = 0;
  for await (const batch of lineBatches(file)) {
    for (const text of batch) {
      line++;
      if (text.trim() === '') continue;
      const m = /^(\S*)\s*(.*)$/.exec(text)!;
      const id = m[1];
      if (id === '') {
        yield problem(file, line, 'the line starts with a space where the utterance id belongs');
        continue;
      }
      yield { kind: 'entry', file, line, audioPath: path.join(dir, `${id}.flac`), uttId: id, offsetSec: null, durationSec: null, text: m[2].trimEnd() };
    }
  }
}
