// AIFF and AIFF-C behind the AudioSource interface: src/core/aiff parses the header into the WAV reader's layout, so
// the streamed SSND read, the decode loops, exact frame counts and truncation at open are the WAV reader's.
import { parseAiffLayout } from '../../aiff/layout';
import { openPcmFile } from '../../wav/reader';
import type { AudioSource } from '../source';
import { wavAudioSource } from './wav';

export async function openAiff(absPath: string): Promise<AudioSource> {
  return wavAudioSource(await openPcmFile(absPath, parseAiffLayout));
}
