// How each format's first bytes look: the probe's tests (src/core/decode/probe.ts), kept apart from the decoders so
// those load only when a file of theirs turns up (each is a chunk of the split CLI and worker builds).
import type { Probe } from '../probe';
import { findFirstFrame } from './mp3/frameHeader';

/** "fLaC" */
export const isFlacHead = (head: Uint8Array): boolean =>
  head.length >= 4 && head[0] === 0x66 && head[1] === 0x4c && head[2] === 0x61 && head[3] === 0x43;

/** "OggS" */
export const isOggHead = (head: Uint8Array): boolean =>
  head.length >= 4 && head[0] === 0x4f && head[1] === 0x67 && head[2] === 0x67 && head[3] === 0x53;

/** 'FORM' then the form type at byte 8 (an IFF file of another type, such as 8SVX, is not audio we read). */
export const isAiffHead = (head: Uint8Array, probe: Pick<Probe, 'offset'>): boolean =>
  probe.offset === 0 && head.length >= 12 && tag(head, 0) === 'FORM' && ['AIFF', 'AIFC'].includes(tag(head, 8));

/** An MPEG audio frame header confirmed by the next one (src/core/decode/formats/mp3/frameHeader.ts). */
export const isMp3Head = (head: Uint8Array, probe: Pick<Probe, 'size' | 'offset'>): boolean =>
  findFirstFrame(head, probe) !== null;

function tag(h: Uint8Array, at: number): string {
  return String.fromCharCode(h[at], h[at + 1], h[at + 2], h[at + 3]);
}
