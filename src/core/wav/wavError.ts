import { AudioError } from '../decode/source';

/** A file that cannot be decoded as WAV; the message is the reason, shown to the user next to the file name. */
export class WavError extends AudioError {
  override readonly name = 'WavError';
}
