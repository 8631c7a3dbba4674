// LJSpeech metadata.csv: `id|transcription|normalized transcription`, pipe-separated, no header, no quoting
// (csv.QUOTE_NONE: a quote is a character), beside `wavs/`; the audio is wavs/<id>.wav. The normalized text is the
// one Tacotron recipes train on (keithito/tacotron datasets/ljspeech.py); a two-field line has only one text.
import * as path from 'node:path';
import { lineBatches } from '../lines';
import { headLines } from '../head';
import { problem, type ManifestDialect, type ManifestItem } from '../types';

export const ljspeechDialect: ManifestDialect = {
  id: 'ljspeech',
  claimsName: (baseName) => baseName === 'metadata.csv',
  recognize: (c) => {
    const first = headLines(c.head, 1)[0];
    return c.siblings.has('wavs') && first !== undefined && first.includes('|') && !first.split('|').includes('file_name');
  },
  parse: parseLjspeech,
};

async function* parseLjspeech(file: string): AsyncGenerator<ManifestItem> {
  const wavs = path.join(path.dirname(file), 'wavs');
  let line = 0;
  for await (const batch of lineBatches(file)) {
    for (const text of batch) {
      line++;
      if (text.trim() === '') continue;
      const fields = text.split('|');
      if (fields.length < 2 || fields.length > 3) {
        yield problem(file, line, `${fields.length} '|'-separated fields where LJSpeech has id|text|normalized text`);
        continue;
      }
      const id = fields[0].trim();
      if (id === '') yield problem(file, line, 'no clip id before the first \'|\'');
      yield {
        kind: 'entry', file, line,
        audioPath: id === '' ? null : path.join(wavs, `${id}.wav`),
        uttId: id === '' ? null : id,
        offsetSec: null, durationSec: null,
        text: fields[fields.length - 1],
      };
    }
  }
}
