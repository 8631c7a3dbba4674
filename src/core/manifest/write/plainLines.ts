// LJSpeech metadata.csv, Common Voice TSVs and LibriSpeech transcripts: the audio path is implied by the line (its
// id under wavs/, clips/ or the same folder) and no duration is declared, so filtering only leaves lines out; every
// kept line, the header included, is copied byte for byte.
import { UTF8_BOM, rawLines, type RawLinesInfo } from './rawLines';
import { writeRaw, type LineEdits, type ManifestWriter } from './lineEdits';
import type { AtomicFile } from './atomicFile';

/** `header`: the first non-blank line is a header (Common Voice) and is always kept. */
export function plainLinesWriter(header: boolean): ManifestWriter {
  return async (input: string, out: AtomicFile, edits: LineEdits) => {
    const info: RawLinesInfo = { bom: false };
    let headerSeen = !header;
    for await (const l of rawLines(input, info, edits.signal)) {
      const isHeader = !headerSeen && l.text.trim() !== '';
      if (isHeader) headerSeen = true;
      if (!isHeader && edits.drop.has(l.line)) {
        if (l.line === 1 && info.bom) await out.write(UTF8_BOM);
        continue;
      }
      await writeRaw(out, l, info.bom);
    }
  };
}
