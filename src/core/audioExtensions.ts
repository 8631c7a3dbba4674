// File names the audit looks at. The probe decides the format by content; extensions only choose which files to open.
import { FFMPEG_EXTENSIONS } from './decode/ffmpegPath';

/** Formats with a bundled decoder (WAV, FLAC, MP3, Ogg Vorbis/Opus, AIFF/AIFC). */
export const BUNDLED_EXTENSIONS = ['wav', 'wave', 'flac', 'mp3', 'ogg', 'oga', 'opus', 'aif', 'aiff', 'aifc'] as const;

/** A case-insensitive test for `*.ext` over these extensions. */
export function extensionPattern(extensions: readonly string[]): RegExp {
  return new RegExp(`\\.(${extensions.map((e) => e.replace(/[^a-z0-9]/gi, '')).join('|')})$`, 'i');
}

/** `*.{wav,WAV,...}`: a watcher glob (VS Code globs are case-sensitive on Linux, so both cases are listed). */
export function extensionGlob(extensions: readonly string[]): string {
  return `**/*.{${extensions.flatMap((e) => [e.toLowerCase(), e.toUpperCase()]).join(',')}}`;
}

/** What discovery looks for: the bundled formats, plus ffmpeg's when one is configured or found on PATH. */
export function auditedExtensions(ffmpegPath: string): readonly string[] {
  return ffmpegPath ? [...BUNDLED_EXTENSIONS, ...FFMPEG_EXTENSIONS] : BUNDLED_EXTENSIONS;
}
