// Peer for `npm run bench`: the floor, reading every file in 1 MiB blocks and summing its 16-bit samples after the
// 44-byte header, one thread, nothing else. Run as a whole process (node start-up included, like the audit's) with
// the files as arguments; bench/run.ts also calls readAndSum in its own process.
const { openSync, readSync, closeSync } = require('node:fs');

function readAndSum(files) {
  const buf = Buffer.allocUnsafeSlow(1 << 20);
  let sum = 0;
  for (const f of files) {
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
  return sum;
}

if (require.main === module) process.stdout.write(`${readAndSum(process.argv.slice(2))}\n`);
module.exports = { readAndSum };
