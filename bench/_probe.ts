import { cliffBin, BandwidthAccumulator } from '../src/core/stats/bandwidth';
import { sharedRealFft } from '../src/core/fft/realFft';
const P = Float64Array.from({ length: 1025 }, (_, k) => 1 + Math.random());
let t0 = performance.now();
for (let i = 0; i < 2000; i++) cliffBin(P);
console.log('cliffBin ms', (performance.now() - t0) / 2000);
const fft = sharedRealFft(2048);
const out = new Float64Array(1025);
for (let i = 0; i < 2048; i++) fft.input[i] = Math.random();
t0 = performance.now();
for (let i = 0; i < 100000; i++) fft.power(out);
console.log('fft.power us', (performance.now() - t0) * 1000 / 100000);
const x = Float64Array.from({ length: 220500 }, () => Math.random() - 0.5);
for (let r = 0; r < 3; r++) {
  t0 = performance.now();
  for (let f = 0; f < 50; f++) { const a = new BandwidthAccumulator(); a.push(x, x.length); a.meanPower(); }
  console.log('push per file ms', (performance.now() - t0) / 50);
}
