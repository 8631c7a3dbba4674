// A small glob matcher for --include/--exclude: `**`, `*`, `?`, `{a,b}` (nestable). Hand-written instead of a
// dependency (picomatch, minimatch) because these four forms are all the contract promises and it is ~50 lines.

/** Compiles a glob over '/'-separated relative paths. A pattern without '/' matches the file name at any depth. */
export function compileGlob(pattern: string): (relPath: string) => boolean {
  const anchored = pattern.includes('/');
  const body = anchored ? pattern.replace(/^\.\//, '').replace(/^\//, '') : `**/${pattern}`;
  const re = new RegExp(`^${globToRegex(body)}$`);
  return (relPath) => re.test(relPath);
}

/** True when relPath passes the filters: matches some include (or include is empty) and no exclude. */
export function makePathFilter(include: readonly string[], exclude: readonly string[]): (relPath: string) => boolean {
  const inc = include.map(compileGlob);
  const exc = exclude.map(compileGlob);
  return (p) => (inc.length === 0 || inc.some((m) => m(p))) && !exc.some((m) => m(p));
}

function globToRegex(glob: string): string {
  let out = '';
  let i = 0;
  while (i < glob.length) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const atSegmentStart = i === 0 || glob[i - 1] === '/';
      const nextIsSlash = glob[i + 2] === '/';
      const atEnd = i + 2 === glob.length;
      if (atSegmentStart && nextIsSlash) {
        out += '(?:[^/]*/)*'; // `**/` spans zero or more whole directories
        i += 3;
      } else if (atSegmentStart && atEnd) {
        out += '.*';
        i += 2;
      } else {
        out += '[^/]*'; // `a**b` inside a segment behaves like `*`
        i += 2;
      }
    } else if (c === '*') {
      out += '[^/]*';
      i++;
    } else if (c === '?') {
      out += '[^/]';
      i++;
    } else if (c === '{') {
      const close = matchingBrace(glob, i);
      if (close < 0) {
        out += '\\{';
        i++;
        continue;
      }
      const alternatives = splitTopLevel(glob.slice(i + 1, close));
      out += `(?:${alternatives.map(globToRegex).join('|')})`;
      i = close + 1;
    } else {
      out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  return out;
}

function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let j = open; j < s.length; j++) {
    if (s[j] === '{') depth++;
    else if (s[j] === '}' && --depth === 0) return j;
  }
  return -1;
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let j = 0; j < s.length; j++) {
    if (s[j] === '{') depth++;
    else if (s[j] === '}') depth--;
    else if (s[j] === ',' && depth === 0) {
      parts.push(s.slice(start, j));
      start = j + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

/**
 * A pattern that matches relPath itself: anchored with `./` (a bare name would match at any depth), and the glob
 * characters `*?{},` of the name replaced by `?` (this matcher has no escape; `?` matches that one character).
 */
export function exactPathGlob(relPath: string): string {
  const body = relPath.replace(/[*?{},]/g, '?');
  return body.includes('/') ? body : `./${body}`;
}
