// ITU-T G.711 expansion to 16-bit linear PCM (the Sun g711.c reference decoders), as lookup tables.
// Scaling convention: the 16-bit value is then divided by 32768, like 16-bit PCM.

/** A-law byte -> 16-bit linear (max magnitude 32256). */
export const ALAW_TO_LINEAR: Int16Array = buildTable((code) => {
  const a = code ^ 0x55;
  let t = (a & 0x0f) << 4;
  const seg = (a & 0x70) >> 4;
  if (seg === 0) t += 8;
  else if (seg === 1) t += 0x108;
  else t = (t + 0x108) << (seg - 1);
  return a & 0x80 ? t : -t;
});

/** µ-law byte -> 16-bit linear (max magnitude 32124). */
export const MULAW_TO_LINEAR: Int16Array = buildTable((code) => {
  const u = ~code & 0xff;
  let t = ((u & 0x0f) << 3) + 0x84;
  t <<= (u & 0x70) >> 4;
  return u & 0x80 ? 0x84 - t : t - 0x84;
});

function buildTable(decode: (code: number) => number): Int16Array {
  const table = new Int16Array(256);
  for (let code = 0; code < 256; code++) table[code] = decode(code);
  return table;
}
