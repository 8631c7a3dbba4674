// The FLAC encoder of src/core/encode behind the SampleSink interface of the fixed copies.
import { FlacEncoder } from '../encode/flacEncoder';
import type { SampleSink } from './pcmWriter';

export function flacSink(bits: number, channels: number, sampleRate: number, emit: (bytes: Uint8Array) => void): SampleSink {
  const enc = new FlacEncoder(channels, sampleRate, bits, emit);
  return {
    header: () => enc.header(),
    push: (planes, frames) => enc.push(planes, frames),
    finish: () => ({ header: enc.finish(), trailer: new Uint8Array(0) }),
  };
}
