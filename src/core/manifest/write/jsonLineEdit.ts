// Sets one key of a JSON-lines record while leaving the rest of the line as written (key order, spacing, escapes):
// the value's text is replaced in place; a key that is absent is added before the closing brace. The edited line is
// parsed again and compared; when the in-place edit cannot be proven right (an escaped key name, a key twice) the
// whole object is serialized with JSON.stringify instead.

/** `"key"` then `:` then a JSON string, number, true/false/null. A `"key"` inside a string value has escaped quotes, so it cannot match. */
function valuePattern(key: string): RegExp {
  const name = JSON.stringify(key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(${name}\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?|true|false|null)`, 'g');
}

export function setJsonKey(line: string, key: string, value: unknown): string {
  const json = JSON.stringify(value);
  const pattern = valuePattern(key);
  const matches = [...line.matchAll(pattern)];
  const original = JSON.parse(line) as Record<string, unknown>;
  const expected = { ...original, [key]: value };
  let edited: string | null = null;
  if (matches.length === 1) {
    const m = matches[0];
    edited = line.slice(0, m.index!) + m[1] + json + line.slice(m.index! + m[0].length);
  } else if (matches.length === 0 && !(key in original)) {
    const close = line.lastIndexOf('}');
    if (close > 0) {
      const empty = line.slice(line.indexOf('{') + 1, close).trim() === '';
      edited = `${line.slice(0, close).trimEnd()}${empty ? '' : ','} ${JSON.stringify(key)}: ${json}${line.slice(close)}`;
    }
  }
  if (edited !== null && sameJson(safeParse(edited), expected)) return edited;
  return JSON.stringify(expected);
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === undefined) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && JSON.stringify(a) === JSON.stringify(Object.fromEntries(ka.map((k) => [k, (b as Record<string, unknown>)[k]])));
}
