// AIFF and AIFF-C behind the AudioSource interface: src/core/aiff parses the header into the WAV reader's layout, so
// the streamed SSND read, the decode loops, exact frame counts and truncation at open are the WAV reader's.
import { parseAiffLayout } from '../../aiff/layout';
import { openPcmFile } from '../../wav/reader';
import type { FormatReader } from '../probe';
import { wavAudioSource } from './wav';

export const aiffReader: FormatReader = {
  name: 'AIFF',
  // 'FORM' then the form type at byte 8 (an IFF file of another type, such as 8SVX, is not audio we read).
  matches: (head, probe) => probe.offset === 0 && head.length >= 12 && tag(head, 0) === 'FORM' && ['AIFF', 'AIFC'].includes(tag(head, 8)),
  open: async (absPath) => wavAudioSource(await openPcmFile(absPath, parseAiffLayout)),
};

function tag(h: Uint8Array, at: number): string {
  return String.fromCharCode(h[at], h[at + 1], h[at + 2], h[at + 3]);
}
