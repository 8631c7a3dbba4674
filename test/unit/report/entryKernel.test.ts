import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entryKernel, powerOfTen128 } from '../../../src/core/report/entryKernel';
import { ReportFileError } from '../../../src/core/report/load';
import { readReportColumns, type StreamedReport } from '../../../src/core/report/streamReader';
import { toReportView, METRIC_IDS } from '../../../src/core/report/view';
import { fakeReport } from '../../fixtures/fakeReport';
import { prng } from '../../fixtures/prng';
import { readBytes } from '../../fixtures/readBytes';

const kernel = entryKernel(1 << 16);

/** The kernel's double for the JSON number text s (NaN: it leaves s to JS). */
function kernelNumber(s: string): number {
  const k = kernel!;
  const n = k.buffer.write(s, 0, 'latin1');
  return k.number(0, n);
}

test('the kernel loads here (Node has WebAssembly SIMD), so the tests below exercise it', () => {
  assert.ok(kernel);
});

test('128-bit powers of ten: worked out by hand, and the published 64-bit cached powers (Grisu, rounded to nearest)', () => {
  const hex = (v: bigint) => `0x${v.toString(16).padStart(16, '0')}`;
  // 10^0 = 2^63 normalized; 10^1 = 0.625 * 2^4 -> 0xA0...; 10^-1 = 0.8 * 2^-3, 0.8 = 0.(1100) in binary, truncated.
  assert.deepEqual(powerOfTen128(0).map(hex), ['0x0000000000000000', '0x8000000000000000']);
  assert.deepEqual(powerOfTen128(1).map(hex), ['0x0000000000000000', '0xa000000000000000']);
  assert.deepEqual(powerOfTen128(-1).map(hex), ['0xcccccccccccccccc', '0xcccccccccccccccc']);
  // 10^27 < 2^128: exact. 10^27 = 0x33b2e3c9fd0803ce8000000 (23 hex digits, the first 0x3: 90 bits), shifted left by 38: the low word is 0.
  assert.deepEqual(powerOfTen128(27).map(hex), ['0x0000000000000000', '0xcecb8f27f4200f3a']);
  // Grisu's cached powers (double-conversion, RapidJSON): the top 64 bits rounded to nearest.
  const published: [number, bigint][] = [[-348, 0xfa8fd5a0081c0288n], [-340, 0xbaaee17fa23ebf76n], [-332, 0x8b16fb203055ac76n],
    [-324, 0xcf42894a5dce35ean], [-316, 0x9a6bb0aa55653b2dn], [-308, 0xe61acf033d1a45dfn], [-300, 0xab70fe17c79ac6can], [-292, 0xff77b1fcbebcdc4fn]];
  for (const [q, top] of published) {
    const [lo, hi] = powerOfTen128(q);
    assert.equal(hex(hi + (lo >> 63n)), hex(top), `10^${q}`);
  }
});

test('numbers: every decided value is the double Number() gives (random doubles, random decimals, hard cases)', () => {
  const rnd = prng(13);
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  let decided = 0;
  let tried = 0;
  const check = (s: string) => {
    const got = kernelNumber(s);
    tried++;
    if (Number.isNaN(got)) return;
    decided++;
    assert.ok(Object.is(got, Number(s)), `${s}: ${got} vs ${Number(s)}`);
  };
  for (let t = 0; t < 100_000; t++) {
    // A random double's shortest representation (JSON.stringify's numbers: mostly 16-17 digits).
    words[0] = Math.floor(rnd() * 2 ** 32);
    words[1] = Math.floor(rnd() * 2 ** 32);
    if (Number.isFinite(bits[0])) check(String(bits[0]));
    // A random decimal of 1-19 digits with a point and an exponent.
    const digits = Array.from({ length: 1 + Math.floor(rnd() * 19) }, () => Math.floor(rnd() * 10)).join('').replace(/^0+(?=\d)/, '');
    const point = Math.floor(rnd() * digits.length);
    const text = point > 0 ? `${digits.slice(0, point)}.${digits.slice(point)}` : digits;
    check(`${rnd() < 0.5 ? '-' : ''}${text.endsWith('.') ? text.slice(0, -1) : text}e${Math.floor(rnd() * 80) - 40}`);
  }
  // The kernel must decide nearly all of them itself (subnormals and true ties are left to Number()).
  assert.ok(decided / tried > 0.99, `${decided} of ${tried} decided`);
  // Hard cases: halfway between doubles, either side of them, the ends of the range, zeros.
  for (const s of ['9007199254740993', '9007199254740992.5', '9007199254740993.0000001', '2.2250738585072014e-308', '2.2250738585072011e-308',
    '4.9406564584124654e-324', '2.4703282292062327e-324', '1.7976931348623157e308', '1.7976931348623158e308', '1e308', '1e-308', '5e-324',
    '0.1', '0.30000000000000004', '123456789012345678', '9999999999999999999', '1e23', '8.41e21', '1.00000000000000011102230246251565e0',
    '7.2057594037927933e16', '0', '-0', '0.0', '-0.0e5', '1e-400', '1e400']) check(s);
  assert.ok(Object.is(kernelNumber('-0'), -0));
  assert.ok(Object.is(kernelNumber('-0.0e5'), -0));
  assert.equal(kernelNumber('1e308'), 1e308);
  assert.equal(kernelNumber('0.1'), 0.1);
  assert.equal(kernelNumber('-2.8635372234552428'), -2.8635372234552428);
  // Not decided here: a subnormal, an overflow, more digits than 64 bits hold; and text that is not a JSON number.
  for (const s of ['5e-324', '1e400', '12345678901234567890', '01', '1.', '.5', '-', '1e', '+1', '1.5.3', '0x10', 'Infinity', 'NaN', '--1', '1e+']) {
    assert.ok(Number.isNaN(kernelNumber(s)), s);
  }
});

function read(text: string, chunkBytes: number, useKernel: boolean): StreamedReport {
  return readReportColumns(readBytes(Buffer.from(text, 'utf8')), { chunkBytes, kernel: useKernel });
}

/** The columns against toReportView(JSON.parse(text)), the all-rows path, as an independent reference. */
function assertAsJsonParse(text: string, r: StreamedReport, label: string): void {
  const view = toReportView(JSON.parse(text));
  const n = view.files.path.length;
  const f = r.files;
  const nan = (xs: (number | null)[]) => xs.map((v) => (v === null ? NaN : v));
  assert.equal(f.count, n, label);
  assert.deepEqual(Array.from({ length: n }, (_, i) => f.pathText.slice(f.pathStart[i], f.pathStart[i + 1])), view.files.path, label);
  assert.deepEqual([...f.sampleRate], nan(view.files.sampleRate), label);
  assert.deepEqual([...f.channels], nan(view.files.channels), label);
  assert.deepEqual([...f.bits], nan(view.files.bits), label);
  for (const m of METRIC_IDS) assert.deepEqual([...f.metrics[m]], nan(view.files.metrics[m]), `${label}: ${m}`);
  let k = 0;
  view.files.findings.forEach((list, i) => {
    assert.equal(f.findingStart[i + 1] - f.findingStart[i], list.length, label);
    for (const x of list) {
      const m = f.findingMessage[k];
      assert.equal(f.rules[f.findingRule[k]], x.rule, label);
      assert.equal(['error', 'warning', 'info'][f.findingSeverity[k]], x.severity, label);
      assert.equal(f.messageText.slice(f.messageStart[m], f.messageStart[m + 1]), x.message, label);
      k++;
    }
  });
  const errors = (JSON.parse(text) as { files: { error: string | null }[] }).files.flatMap((x, i) => (x.error === null || x.error === undefined ? [] : [[i, x.error]]));
  assert.deepEqual([...f.errors], errors, label);
}

test('a generated report in any layout reads as JSON.parse reads it, with the kernel and without', () => {
  const generated = fakeReport(200, { seed: 5, xss: true });
  // Full-precision random numbers where the view reads them (most need the 17-digit path).
  const rnd = prng(7);
  const report = {
    ...generated,
    files: generated.files.map((f) => (f.peakDbfs === null ? f : { ...f, peakDbfs: -rnd() * 60, rmsDbfs: -rnd() * 80, dcOffset: (rnd() - 0.5) / 300 })),
  };
  const layouts = {
    pretty: JSON.stringify(report, null, 2) + '\n',
    compact: JSON.stringify(report),
    tabs: JSON.stringify(report, null, '\t'),
    crlf: JSON.stringify(report, null, 4).replace(/\n/g, '\r\n'),
    spaced: JSON.stringify(report, null, 2).replace(/": /g, '" :  ').replace(/,\n/g, ' ,\n'),
  };
  for (const [name, text] of Object.entries(layouts)) {
    for (const chunk of [97, 4096, 1 << 20]) {
      assertAsJsonParse(text, read(text, chunk, true), `${name} ${chunk} kernel`);
      assertAsJsonParse(text, read(text, chunk, false), `${name} ${chunk} js`);
    }
  }
});

test('entries the kernel leaves to JS (escaped names, repeated members, long numbers, many findings) read as JSON.parse reads them', () => {
  const findings = Array.from({ length: 300 }, (_, i) => ({ rule: `rule-${i % 3}`, severity: 'info', message: `m${i}` }));
  const entries = [
    '{"p\\u0061th": "a.wav", "error": null, "peakDbfs": -1.5, "findings": []}',
    '{"path": "b.wav", "error": null, "peakDbfs": -1.5, "peakDbfs": -2.25, "findings": []}',
    '{"path": "c.wav", "error": null, "rmsDbfs": 1.2345678901234567890123e-3, "dcOffset": 5e-324, "findings": []}',
    `{"path": "d.wav", "error": null, "findings": ${JSON.stringify(findings)}}`,
    '{"path": "e\\"quoted\\" \\u00e9.wav", "error": "bad \\\\ file", "findings": [{"message": "x \\"y\\"", "extra": [1, {"a": "]"}], "severity": "error", "rule": "r"}]}',
    '{"findings": [], "format": {"sampleRate": 16000, "sampleRate": 8000, "channels": 1e0, "validBits": 1.6e1, "durationSec": 25e-1}, "path": "f.wav"}',
    '{"path": "g.wav", "format": null, "minMax": {"zeroBin": 127, "expectedZeroBin": 128}, "mel": {"minDb": -80.00000000000001, "maxDb": 0}, "bandwidthHz": 7999.999999999999, "findings": [], "error": null}',
  ];
  const text = `{"version": 1, "root": "/", "partial": false, "settings": {}, "dataset": {"fileCount": ${entries.length}},\n  "files": [\n    ${entries.join(',\n    ')}\n  ]\n}`;
  for (const chunk of [64, 1 << 20]) {
    const withKernel = read(text, chunk, true);
    assertAsJsonParse(text, withKernel, `chunk ${chunk}`);
    // minMax's expectedZeroBin, worked out: the first file that has one.
    assert.equal(withKernel.files.expectedZeroBin, 128);
    // Only "g.wav" has bandwidthHz, and it has no format (no sample rate): no ratio anywhere, as view.ts metricOf.
    assert.ok(withKernel.files.metrics.bandwidthRatio.every(Number.isNaN));
  }
});

test('a bad entry gives the same clear reason with the kernel as without', () => {
  const good = JSON.stringify(fakeReport(3, { seed: 2 }), null, 2);
  const bad: [string, RegExp][] = [
    // The entry's own members are six spaces in (the per-channel ones deeper are skipped, not read).
    [good.replace(/\n {6}"rmsDbfs": -?[\d.e-]+/, '\n      "rmsDbfs": "loud"'), /^files\[0\] \(".*"\): "rmsDbfs" is not a number or null$/],
    [good.replace(/\n {6}"rmsDbfs": (-?[\d.e-]+)/, '\n      "rmsDbfs": $1e'), /^it is not valid JSON at byte \d+ \(not a JSON number\)$/],
    [good.replace(/"severity": "\w+"/, '"severity": "fatal"'), /: a finding is not \{ rule, severity/],
    [good.replace(/"path": "/, '"name": "'), /^files\[0\] has no "path"$/],
    [good.replace(/\n {6}"peakDbfs": (-?[\d.e-]+),/, '\n      "peakDbfs": $1'), /^it is not valid JSON at byte \d+ \(expected "," or "}"\)$/],
    [good.replace(/"encoding": "pcm"/, '"encoding": "p\u0001cm"'), /^it is not valid JSON at byte \d+ \(a control character inside a string\)$/],
    [good.slice(0, good.indexOf('"channels": [') + 40), /^it is truncated: the file ends at byte \d+, inside "files", in files\[0\]$/],
  ];
  for (const [text, reason] of bad) {
    const message = (useKernel: boolean) => {
      try {
        read(text, 1 << 20, useKernel);
      } catch (e) {
        assert.ok(e instanceof ReportFileError, String(e));
        return e.message;
      }
      return 'no error';
    };
    const withKernel = message(true);
    assert.match(withKernel, reason);
    assert.equal(withKernel, message(false));
  }
});

test('the kernel reads a pretty entry itself: the values and string offsets it hands to JS', () => {
  const k = kernel!;
  const entry = '\n    {\n      "path": "x/y.wav",\n      "error": null,\n      "format": {\n        "sampleRate": 16000,\n        "channels": 2\n      },\n'
    + '      "channels": [\n        {\n          "peak": 0.5\n        }\n      ],\n      "peakDbfs": -6.020599913279624,\n      "findings": [\n'
    + '        {\n          "rule": "dc-offset",\n          "severity": "warning",\n          "message": "a \\"b\\""\n        }\n      ]\n    },';
  const n = k.buffer.write(entry, 0, 'latin1');
  const start = entry.indexOf('{');
  // The index after the entry's "}" (the "," follows).
  assert.equal(k.entry(start, n), entry.length - 1);
  const at = k.ints;
  const str = (s: number, e: number) => entry.slice(s, e);
  assert.equal(str(at[32], at[33]), '"x/y.wav"');
  assert.equal(at[34], 0);
  assert.equal(at[35], -1);
  assert.equal(at[38], 1);
  assert.deepEqual([str(at[64], at[65]), at[66], str(at[67], at[68]), at[69]], ['"dc-offset"', 1, '"a \\"b\\""', 4]);
  assert.equal(k.nums[0], -6.020599913279624);
  assert.deepEqual([...k.nums.subarray(4, 8)], [16000, 2, NaN, NaN]);
  // Cut before the end: declined (JS reads on once more bytes are in).
  assert.equal(k.entry(start, n - 10), -1);
});
