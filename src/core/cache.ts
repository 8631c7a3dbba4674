// Per-file audit results keyed by (absolute path, size, mtime, settings hash), so a re-run over an unchanged
// dataset reads no audio. Stored as one JSON file, written atomically (temp file + rename).
import { promises as fs } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { AuditSettings, FileReport } from './types';
import type { AuditTarget } from './discovery';

const CACHE_FORMAT = 'audio-audit-cache';
/** Bumped whenever the engine's per-file results change meaning; older caches are then discarded. */
export const CACHE_VERSION = 1;

interface CacheEntry {
  size: number;
  mtimeMs: number;
  settingsHash: string;
  report: FileReport;
}

interface CacheFile {
  format: typeof CACHE_FORMAT;
  version: number;
  entries: Record<string, CacheEntry>;
}

/** Hash of the settings that change a file's report; include/exclude only choose files, so they are left out. */
export function settingsHash(settings: AuditSettings): string {
  const { include: _include, exclude: _exclude, ...perFile } = settings;
  return createHash('sha256').update(stableJson(perFile)).digest('hex').slice(0, 32);
}

/** JSON with object keys sorted at every level, so equal settings hash equally whatever their key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export class AuditCache {
  private dirty = false;

  private constructor(
    /** null for an in-memory cache that is never saved. */
    readonly file: string | null,
    private readonly entries: Map<string, CacheEntry>,
    /** False when the file holds something that is not ours: we never overwrite it. */
    private readonly writable: boolean,
  ) {}

  static memory(): AuditCache {
    return new AuditCache(null, new Map(), false);
  }

  /** A missing file is an empty cache; a corrupt, foreign or outdated one is ignored with a warning, never thrown. */
  static async load(file: string, onWarning: (msg: string) => void = () => undefined): Promise<AuditCache> {
    const abs = path.resolve(file);
    let text: string;
    try {
      text = await fs.readFile(abs, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') onWarning(`cache ${abs} not readable, starting empty: ${(e as Error).message}`);
      return new AuditCache(abs, new Map(), (e as NodeJS.ErrnoException).code === 'ENOENT');
    }
    // Only a file that starts like one of ours may be overwritten, so a mistyped --cache never clobbers user data.
    const looksOurs = text.trimStart().startsWith(`{"format":"${CACHE_FORMAT}"`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      onWarning(`ignoring cache ${abs}: not valid JSON${looksOurs ? ' (it will be rewritten)' : ''}`);
      return new AuditCache(abs, new Map(), looksOurs);
    }
    if (!isCacheFile(parsed)) {
      onWarning(`ignoring cache ${abs}: not an audio-audit cache file (it will not be overwritten)`);
      return new AuditCache(abs, new Map(), false);
    }
    if (parsed.version !== CACHE_VERSION) {
      onWarning(`ignoring cache ${abs}: version ${parsed.version}, expected ${CACHE_VERSION} (it will be rewritten)`);
      return new AuditCache(abs, new Map(), true);
    }
    const entries = new Map<string, CacheEntry>();
    for (const [key, entry] of Object.entries(parsed.entries)) if (isEntry(entry)) entries.set(key, entry);
    return new AuditCache(abs, entries, true);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached report when path, size, mtime and settings all match; its path is the target's current relPath. */
  get(target: AuditTarget, hash: string): FileReport | undefined {
    const e = this.entries.get(target.absPath);
    if (!e || e.size !== target.size || e.mtimeMs !== target.mtimeMs || e.settingsHash !== hash) return undefined;
    return e.report.path === target.relPath ? e.report : { ...e.report, path: target.relPath };
  }

  set(target: AuditTarget, hash: string, report: FileReport): void {
    this.entries.set(target.absPath, { size: target.size, mtimeMs: target.mtimeMs, settingsHash: hash, report });
    this.dirty = true;
  }

  /** Writes a temp file next to the cache and renames it over, so a crash never leaves half a cache. */
  async save(): Promise<void> {
    if (this.file === null || !this.dirty) return;
    if (!this.writable) throw new Error(`refusing to overwrite ${this.file}: it is not an audio-audit cache file`);
    const body: CacheFile = { format: CACHE_FORMAT, version: CACHE_VERSION, entries: Object.fromEntries(this.entries) };
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await fs.writeFile(tmp, JSON.stringify(body));
      await fs.rename(tmp, this.file);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
    this.dirty = false;
  }
}

function isCacheFile(v: unknown): v is CacheFile {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return o.format === CACHE_FORMAT && typeof o.version === 'number' && typeof o.entries === 'object' && o.entries !== null;
}

function isEntry(v: unknown): v is CacheEntry {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.size === 'number' &&
    typeof o.mtimeMs === 'number' &&
    typeof o.settingsHash === 'string' &&
    typeof o.report === 'object' &&
    o.report !== null &&
    typeof (o.report as Record<string, unknown>).path === 'string'
  );
}
