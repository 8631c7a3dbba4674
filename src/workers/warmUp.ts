// Runs the mel analyzer once over a second of a synthetic tone, so a fresh worker has compiled its WASM and JIT-ed
// the hot paths before the first file (~40 ms saved on the first file, spent while the host discovers files).
import type { MelSettings } from '../core/types';
import { resolveMel } from '../core/mel/params';
import { MelAnalyzer } from '../core/mel/analyzer';

/** The rate of most speech datasets; others still share the compiled code, not the filterbank. */
const WARM_RATE = 22050;

export async function warmUpMel(mel: MelSettings): Promise<void> {
  try {
    const params = resolveMel(mel, WARM_RATE);
    if (!params) return;
    const analyzer = await MelAnalyzer.create(params);
    const tone = Float64Array.from({ length: WARM_RATE }, (_, i) => 0.1 * Math.sin(0.1 * i));
    analyzer.push(tone, tone.length);
    analyzer.finish();
  } catch {
    // settings this rate cannot run are reported per file by the audit itself
  }
}
