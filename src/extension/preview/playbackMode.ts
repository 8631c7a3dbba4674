// Which player the page uses: Chromium's <audio> decodes WAV only as 8/16-bit integer PCM (RIFF, mono/stereo);
// everything else (24/32-bit, float, G.711, RIFX, RF64, AIFF, every codec, odd headers) goes through WebAudio with
// PCM the host decodes on demand.
import type { AudioFormat } from '../../core/types';
import type { PlaybackMode } from '../../protocol/preview';

/** @param headerNotes the reader worked around an odd header (AudioSource.notes): the browser may read it differently. */
export function playbackModeFor(format: AudioFormat | null, headerNotes = 0): PlaybackMode {
  if (!format || format.frames === 0) return 'none';
  const browserPlays = headerNotes === 0 && format.container === 'RIFF' && format.encoding === 'pcm'
    && (format.bitsPerSample === 8 || format.bitsPerSample === 16) && format.validBits === format.bitsPerSample
    && format.channels <= 2;
  return browserPlays ? 'audio' : 'webaudio';
}
