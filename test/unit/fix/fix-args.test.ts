// `audio-audit fix` on the command line: what parses, and the mistakes that are usage errors (exit 2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, UsageError } from '../../../src/cli/args';

test('fix parses its options; --peak-dbfs takes a negative value as the next argument', () => {
  const a = parseArgs(['fix', 'data', '--out', 'fixed', '--dc', 'highpass', '--gain', 'dataset', '--peak-dbfs', '-3.5', '--mono', '--force']);
  assert.equal(a.command, 'fix');
  assert.deepEqual(a.paths, ['data']);
  assert.equal(a.out, 'fixed');
  assert.equal(a.dc, 'highpass');
  assert.equal(a.gain, 'dataset');
  assert.equal(a.peakDbfs, -3.5);
  assert.equal(a.mono, true);
  assert.equal(a.force, true);
  const plain = parseArgs(['fix', 'data', '--out=fixed']);
  assert.deepEqual([plain.dc, plain.gain, plain.peakDbfs, plain.mono, plain.force], [null, null, null, false, false]);
});

test('fix usage errors: no --out, two paths, audit-only options, --peak-dbfs without --gain, bad values', () => {
  const bad: [string[], RegExp][] = [
    [['fix', 'data'], /fix needs --out DIR/],
    [['fix', 'a', 'b', '--out', 'o'], /fix takes one PATH/],
    [['fix', 'data', '--out', 'o', '--json'], /--json does not apply to fix/],
    [['fix', 'data', '--out', 'o', '--peak-dbfs', '-1'], /--peak-dbfs goes with --gain dataset/],
    [['fix', 'data', '--out', 'o', '--gain', 'dataset', '--peak-dbfs', '3'], /between -100 and 0/],
    [['fix', 'data', '--out', 'o', '--dc', 'median'], /--dc must be one of mean, highpass/],
    [['fix', 'data', '--out', 'o', '--gain', 'file'], /--gain must be one of dataset/],
    [['data', '--mono'], /--mono applies to fix/],
  ];
  for (const [argv, message] of bad) assert.throws(() => parseArgs(argv), (e: Error) => e instanceof UsageError && message.test(e.message), argv.join(' '));
});
