// Sets one key of a JSON-lines record while leaving the rest of the line as written (key order, spacing, escapes):
// the value's text is replaced in place; a key that is absent is added before the closing brace. The edited line is
// parsed again and compared; when the in-place edit cannot be proven right (an escaped key name, a key twice) the
// whole object is serialized with JSON.stringify instead.

/** `"key"` then `:` then a JSON string, number, true/false/null. A `"key"` inside a string value has escaped quotes, so it cannot match. */
function valuePattern(key: string): RegExp {
  const name = JSON.stringify(key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(${name}\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?|true|false|null)`, 'g');
}

/** `original`: the line already parsed, when the caller has it. */
export function setJsonKey(line: string, key: string, value: unknown, original: Record<string, unknown> = JSON.parse(line) as Record<string, unknown>): string {
  const json = JSON.stringify(value);
  const matches = [...line.matchAll(valuePattern(key))];
  let edited: string | null = null;
  if (matches.length === 1 && key in original) {
    // The key is in the object and spelled plainly exactly once: that one is the top-level key.
    const m = matches[0];
    edited = line.slice(0, m.index!) + m[1] + json + line.slice(m.index! + m[0].length);
  } else if (matches.length === 0 && !(key in original)) {
    const close = line.lastIndexOf('}');
    if (close > 0) {
      const empty = line.slice(line.indexOf('{') + 1, close).trim() === '';
      edited = `${line.slice(0, close).trimEnd()}${empty ? '' : ','} ${JSON.stringify(key)}: ${json}${line.slice(close)}`;
    }
  }
  if (edited !== null) {
    const check = safeParse(edited) as Record<string, unknown> | undefined;
    if (check !== undefined && JSON.stringify(check[key]) === json && Object.keys(check).length === Object.keys(original).length + (key in original ? 0 : 1)) return edited;
  }
  return JSON.stringify({ ...original, [key]: value });
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
