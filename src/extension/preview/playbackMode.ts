// Which player the page uses: Chromium's <audio> decodes WAV only as 8/16-bit integer PCM (RIFF, mono/stereo);
// 24/32-bit, float, A-law/µ-law, RIFX and RF64 go through WebAudio with PCM the host decodes on demand.
import type { AudioFormat } from '../../core/types';
import type { PlaybackMode } from '../../protocol/preview';

export function playbackModeFor(format: AudioFormat | null): PlaybackMode {
  if (!format || format.frames === 0) return 'none';
  const browserPlays = format.container === 'RIFF' && format.encoding === 'pcm'
    && (format.bitsPerSample === 8 || format.bitsPerSample === 16) && format.validBits === format.bitsPerSample
    && format.channels <= 2;
  return browserPlays ? 'audio' : 'webaudio';
}
