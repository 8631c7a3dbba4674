// Peer for `npm run bench`: the floor as a whole process (node start-up included, like the audit's): read every
// file named in argv in 1 MiB blocks and sum its 16-bit samples after the 44-byte header, one thread, nothing else.
const { openSync, readSync, closeSync } = require('node:fs');
const buf = Buffer.allocUnsafeSlow(1 << 20);
let sum = 0;
for (const f of process.argv.slice(2)) {
  const fd = openSync(f, 'r');
  for (let pos = 44; ;) {
    const n = readSync(fd, buf, 0, buf.length, pos);
    if (n <= 0) break;
    const s = new Int16Array(buf.buffer, 0, n >> 1);
    for (let i = 0; i < s.length; i++) sum += s[i];
    pos += n;
  }
  closeSync(fd);
}
process.stdout.write(`${sum}\n`);
