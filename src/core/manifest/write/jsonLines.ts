// NeMo manifests and audiofolder metadata.jsonl: kept lines are copied byte for byte; a line is edited only to set
// its duration (--fix-durations) or to keep a relative audio path right in another folder, and then only that value.
import { UTF8_BOM, rawLines, type RawLinesInfo } from './rawLines';
import { setJsonKey } from './jsonLineEdit';
import { pathRelocator, relocates, writeEdited, writeRaw, type LineEdits, type ManifestWriter } from './lineEdits';
import type { AtomicFile } from './atomicFile';

export interface JsonLinesShape {
  /** Keys that hold the audio path, in the order the parser reads them. */
  readonly pathKeys: readonly string[];
  /** --fix-durations adds a `duration` to a line that has none (NeMo needs one); else only an existing one is set. */
  readonly addDuration: boolean;
}

export function jsonLinesWriter(shape: JsonLinesShape): ManifestWriter {
  return async (input: string, out: AtomicFile, edits: LineEdits) => {
    const info: RawLinesInfo = { bom: false };
    const moving = relocates(edits);
    const relocate = pathRelocator(edits);
    for await (const l of rawLines(input, info, edits.signal)) {
      if (edits.drop.has(l.line)) {
        if (l.line === 1 && info.bom) await out.write(UTF8_BOM);
        continue;
      }
      const duration = edits.durations.get(l.line);
      // Most lines change in nothing: no JSON.parse for them.
      const text = moving || duration !== undefined ? editedLine(l.text, duration, shape, relocate) : null;
      if (text === null) await writeRaw(out, l, info.bom);
      else await writeEdited(out, l, text, info.bom);
    }
  };
}

/** The edited text, or null when the line stays as it is. */
function editedLine(text: string, duration: number | undefined, shape: JsonLinesShape, relocate: (written: string) => string): string | null {
  if (text.trim() === '') return null;
  let object: Record<string, unknown>;
  try {
    object = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null; // a bad line that was not dropped stays as written
  }
  if (object === null || typeof object !== 'object' || Array.isArray(object)) return null;
  let edited = text;
  const pathKey = shape.pathKeys.find((k) => typeof object[k] === 'string' && object[k] !== '');
  if (pathKey !== undefined) {
    const written = object[pathKey] as string;
    const moved = relocate(written);
    if (moved !== written) edited = setJsonKey(edited, pathKey, moved, object);
  }
  if (duration !== undefined && (shape.addDuration || 'duration' in object) && object.duration !== duration) {
    edited = setJsonKey(edited, 'duration', duration, edited === text ? object : undefined);
  }
  return edited === text ? null : edited;
}
