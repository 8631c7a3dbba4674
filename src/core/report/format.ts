// Text for the summary cards and table cells (shared by the webview and the standalone HTML).
import type { DatasetSummary } from '../types';

/** 3725.5 s -> "1:02:05"; under an hour "m:ss". */
export function formatDuration(sec: number): string {
  const total = Math.round(sec);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** {"22050": 90, "16000": 3} -> "22050 Hz (90), 16000 Hz (3)": most common first. */
export function formatTally(tally: Record<string, number>, unit: string): string {
  return Object.entries(tally)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k, n]) => `${k}${unit} (${n})`)
    .join(', ');
}

export function formatNumber(v: number | null, digits: number): string {
  return v === null ? '' : v.toFixed(digits);
}

/** One line per format dimension for the "formats found" card ("pcm/16 bit", or a lossy codec's name alone: "mp3"). */
export function formatLines(d: DatasetSummary): string[] {
  const depths = formatTally(d.bitDepths, '').replace(/(\/\d+) \(/g, '$1 bit (');
  return [formatTally(d.sampleRates, ' Hz'), formatTally(d.channels, ' ch'), depths].filter((s) => s);
}

/** A length of audio in the unit that reads best: 44.5 -> "44.5 s", 5400 -> "1.50 h" (an hour and more in hours). */
export function formatLength(sec: number): string {
  return sec < 3600 ? `${sec.toFixed(1)} s` : `${(sec / 3600).toFixed(2)} h`;
}

/** What a capped list leaves out: "1,234 more findings in the JSON report (the first 5,000 are shown)"; '' when nothing is. */
export function notSentNote(sent: number, total: number, noun: string): string {
  if (total <= sent) return '';
  return `${(total - sent).toLocaleString('en-US')} more ${noun} in the JSON report (the first ${sent.toLocaleString('en-US')} are shown).`;
}
