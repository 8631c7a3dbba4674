// Which ffmpeg decodes the formats no bundled reader handles: the configured executable (audioAudit.ffmpegPath,
// CLI --ffmpeg), else an `ffmpeg` found on PATH, else none. Also the file extensions worth discovering when one is set.
import { accessSync, constants, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Extensions (lower case, no dot) of audio files that only ffmpeg decodes here; discovery and the editor add them
 * when an ffmpeg is available. Audio-only names: video containers (.mp4, .mkv) would pull films into a dataset audit.
 */
export const FFMPEG_EXTENSIONS: readonly string[] = [
  'm4a', 'm4b', 'aac', 'adts', 'wma', 'webm', 'weba', 'mka', 'caf', 'ape', 'wv', 'amr', 'awb', 'au', 'snd', 'ac3',
  'eac3', 'dts', 'tta', 'tak', 'mpc', 'ra', 'voc', 'w64',
];

/** True for a regular file this process may execute. */
export type ExecutableCheck = (file: string) => boolean;

export const isExecutableFile: ExecutableCheck = (file) => {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * The ffmpeg to run: `configured` when it is non-empty (as given: a wrong path is reported when a file needs it,
 * naming the setting), else the first `ffmpeg` executable on `envPath`, else '' (none).
 * Windows looks for `ffmpeg` with each PATHEXT extension (`ffmpeg.exe`) and splits PATH on ';'.
 */
export function resolveFfmpeg(
  configured: string,
  envPath: string | undefined,
  platform: NodeJS.Platform = process.platform,
  isExecutable: ExecutableCheck = isExecutableFile,
  pathExt: string | undefined = process.env.PATHEXT,
): string {
  const given = configured.trim();
  // "none" turns ffmpeg off even when one is on PATH: the same report on every machine.
  if (given.toLowerCase() === 'none') return '';
  if (given !== '') return given;
  if (!envPath) return '';
  const windows = platform === 'win32';
  const pathApi = windows ? path.win32 : path.posix;
  const names = windows
    ? (pathExt || '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean).map((ext) => `ffmpeg${ext.toLowerCase()}`)
    : ['ffmpeg'];
  for (const dir of envPath.split(windows ? ';' : ':')) {
    // An empty PATH entry means the current folder; never run a program from whatever folder we happen to be in.
    if (dir === '' || !pathApi.isAbsolute(dir)) continue;
    for (const name of names) {
      const candidate = pathApi.join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return '';
}
