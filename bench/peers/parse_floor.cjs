// Floor for merge: read every line of the part files and JSON.parse it, nothing else (one pass, one thread).
const { createReadStream } = require('node:fs');
const { createInterface } = require('node:readline');
(async () => {
  let n = 0;
  for (const file of process.argv.slice(2)) {
    for await (const line of createInterface({ input: createReadStream(file, { highWaterMark: 256 * 1024 }), crlfDelay: Infinity })) {
      if (JSON.parse(line).type === 'file') n++;
    }
  }
  process.stdout.write(`${n}\n`);
})();
