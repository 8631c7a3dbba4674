// Stands in for codec-parser (LGPL-3.0-or-later) in the bundles: @wasm-audio-decoders/ogg-vorbis imports it for its
// own Ogg layer, which the audit never uses (src/core/decode/formats/ogg reads the pages and calls libvorbis itself).
// The names it imports exist so the module loads (its constructor builds a parser it then never uses here); anything
// that would really parse throws.
const notBundled = () => {
  throw new Error('codec-parser is not bundled (LGPL-3.0): the Ogg pages are read by src/core/decode/formats/ogg');
};
export default class CodecParser {
  parseChunk = notBundled;
  parseAll = notBundled;
  flush = notBundled;
}
export const totalSamples = 'totalSamples';
export const data = 'data';
export const codecFrames = 'codecFrames';
export const header = 'header';
export const vorbisComments = 'vorbisComments';
export const vorbisSetup = 'vorbisSetup';
export const isLastPage = 'isLastPage';
