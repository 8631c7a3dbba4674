// Number formatting for finding messages: fixed decimals, explicit sign where the sign matters.

export function signed(x: number, digits: number): string {
  const s = x.toFixed(digits);
  return x >= 0 && !s.startsWith('-') ? `+${s}` : s;
}

export function db(x: number, digits = 1): string {
  return `${x.toFixed(digits)} dB`;
}

export function dbfs(x: number | null, digits = 1): string {
  return x === null ? '-inf dBFS' : `${x.toFixed(digits)} dBFS`;
}

export function seconds(frames: number, sampleRate: number): string {
  return `${(frames / sampleRate).toFixed(3)} s`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function percent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** 8 kHz, 5.5 kHz, 11.03 kHz: as many decimals as the value needs, at most 2. */
export function khz(hz: number): string {
  return `${(hz / 1000).toFixed(hz % 1000 === 0 ? 0 : hz % 100 === 0 ? 1 : 2)} kHz`;
}
