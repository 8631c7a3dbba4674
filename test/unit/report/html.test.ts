import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { cspHash, escapeHtml, jsonForHtml, renderStandaloneHtml, scriptForHtml } from '../../../src/core/report/html';
import { formatDuration, formatTally } from '../../../src/core/report/format';
import { referenceLines } from '../../../src/core/report/metrics';
import { fakeReport, XSS_NAME } from '../../fixtures/fakeReport';

test('CSP hash of an inline block matches the CSP spec example', () => {
  // Content Security Policy Level 2, §4.2 hash example (also MDN): alert('Hello, world.');
  assert.equal(cspHash("alert('Hello, world.');"), "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='");
});

test('JSON for HTML escapes <, >, & and the JS line separators', () => {
  assert.equal(jsonForHtml({ p: '</script><b>&\u2028' }), '{"p":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026\\u2028"}');
  assert.equal(escapeHtml(`<a href="x">'&`), '&#60;a href=&#34;x&#34;&#62;&#39;&#38;');
  assert.equal(scriptForHtml('s="</SCRIPT>";t="<!--"'), 's="\\x3c/SCRIPT>";t="\\x3c!--"');
});

test('standalone HTML: the XSS file name appears only escaped; one hashed script and style; no network sources', () => {
  const report = fakeReport(5, { xss: true });
  assert.ok(report.files.some((f) => f.path === XSS_NAME));
  const html = renderStandaloneHtml(report, { script: 'console.log("bundle");\n//# sourceMappingURL=report.js.map\n', css: 'body{}' });
  assert.ok(!html.includes('<img'), 'no raw <img in the page');
  assert.ok(html.includes('\\u003cimg src=x onerror=\\"window.__xss=1\\"\\u003e.wav'));
  assert.ok(!html.includes('sourceMappingURL'));
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
  assert.ok(csp);
  // escapeHtml writes ' as &#39; inside the attribute; the browser reads it back as '
  assert.match(csp, /^default-src &#39;none&#39;; script-src &#39;sha256-[A-Za-z0-9+/]+=*&#39;; style-src &#39;sha256-[A-Za-z0-9+/]+=*&#39;; img-src data:$/);
  assert.equal((html.match(/<script/g) ?? []).length, 2, 'the JSON data block and the module');
  assert.ok(!/https?:\/\//.test(html.replace(/<script type="application\/json"[\s\S]*?<\/script>/, '')), 'no URLs outside the data');
});

test('summary formatting', () => {
  // 3725 s = 1 h 2 min 5 s
  assert.equal(formatDuration(3725), '1:02:05');
  assert.equal(formatDuration(59.6), '1:00');
  assert.equal(formatTally({ 16000: 3, 22050: 90 }, ' Hz'), '22050 Hz (90), 16000 Hz (3)');
});

test('reference lines: the clip level in dBFS and the dc-offset pair', () => {
  // 20·log10(0.999) = 20 · (-0.00043451) = -0.0086904 dBFS
  const peak = referenceLines('peakDbfs', DEFAULT_SETTINGS, fakeReport(1).dataset);
  assert.equal(peak[0].value, -40);
  assert.ok(Math.abs(peak[1].value - -0.0086904) < 1e-6);
  assert.deepEqual(referenceLines('dcOffset', DEFAULT_SETTINGS, fakeReport(1).dataset).map((l) => l.value), [-0.01, 0.01]);
  // expected zero bin 127 from the report, shift threshold 2
  assert.deepEqual(referenceLines('zeroBin', DEFAULT_SETTINGS, fakeReport(1).dataset, 127).map((l) => l.value), [125, 127, 129]);
});

test('reference lines: mel floor and top from the preset (tacotron: -100 / 0 dB; librosa floor -80 dB), overrides win', () => {
  const d = fakeReport(1).dataset;
  // keithito/tacotron hparams: min_level_db = -100; the top of the [0,1] range is 0 dB after ref_level_db
  assert.deepEqual(referenceLines('melMinDb', DEFAULT_SETTINGS, d).map((l) => l.value), [-100]);
  assert.deepEqual(referenceLines('melMaxDb', DEFAULT_SETTINGS, d).map((l) => l.value), [0]);
  const librosa = { ...DEFAULT_SETTINGS, mel: { preset: 'librosa' as const, params: {} } };
  assert.deepEqual(referenceLines('melMinDb', librosa, d).map((l) => l.value), [-80]);
  const custom = { ...DEFAULT_SETTINGS, mel: { preset: 'tacotron' as const, params: { floorDb: -90 } } };
  assert.deepEqual(referenceLines('melMinDb', custom, d).map((l) => l.value), [-90]);
  assert.deepEqual(referenceLines('melMaxDb', { ...DEFAULT_SETTINGS, mel: { preset: 'none', params: {} } }, d), []);
});
