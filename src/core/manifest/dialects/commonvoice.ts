// Common Voice TSVs (train.tsv, dev.tsv, test.tsv, validated.tsv, ...): a header naming the columns, `path` and
// `sentence` among them, tab-separated without quoting (csv.QUOTE_NONE in the Hugging Face loader: sentences hold
// quotes); the audio is clips/<path> beside the TSV.
import * as path from 'node:path';
import { lineBatches } from '../lines';
import { headLines } from '../head';
import { problem, type ManifestDialect, type ManifestItem } from '../types';

export const commonVoiceDialect: ManifestDialect = {
  id: 'commonvoice',
  claimsName: (baseName) => /\.tsv$/i.test(baseName),
  recognize: (c) => {
    const header = headLines(c.head, 1)[0]?.split('\t') ?? [];
    return header.includes('path') && header.includes('sentence');
  },
  parse: parseCommonVoice,
};

async function* parseCommonVoice(file: string): AsyncGenerator<ManifestItem> {
  const clips = path.join(path.dirname(file), 'clips');
  let line = 0;
  let pathColumn = -1;
  let sentenceColumn = -1;
  for await (const batch of lineBatches(file)) {
    for (const text of batch) {
      line++;
      if (text.trim() === '') continue;
      const fields = text.split('\t');
      if (pathColumn < 0) {
        pathColumn = fields.indexOf('path');
        sentenceColumn = fields.indexOf('sentence');
        if (pathColumn < 0) {
          yield problem(file, line, 'the header has no path column');
          return;
        }
        continue;
      }
      const clip = fields[pathColumn] ?? '';
      if (clip === '') yield problem(file, line, fields.length <= pathColumn ? `${fields.length} fields: the row ends before the path column` : 'empty path');
      yield {
        kind: 'entry', file, line,
        audioPath: clip === '' ? null : path.join(clips, clip),
        uttId: clip === '' ? null : clip.replace(/\.[^.]*$/, ''),
        offsetSec: null, durationSec: null,
        text: sentenceColumn >= 0 && sentenceColumn < fields.length ? fields[sentenceColumn] : null,
      };
    }
  }
}
