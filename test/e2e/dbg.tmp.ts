import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startVsCode } from './harness';
import { encodeWav, toCode } from '../fixtures/wav';
import { speechLike } from '../fixtures/dataset';
(async () => {
  const ws = mkdtempSync(path.join(tmpdir(), 'dbg-'));
  const x = speechLike(3 * 22050, 22050, 7, 0.5);
  writeFileSync(path.join(ws, 'a.wav'), encodeWav({ sampleRate: 22050, bits: 16 }, [Array.from(x, (v) => toCode(v, 16))]));
  const v = await startVsCode({ workspace: ws, name: 'dbg', theme: 'light' });
  v.page.on('console', (m) => console.log(`console ${m.type()}: ${m.text()}`));
  try {
    await v.page.keyboard.press('F1');
    await v.page.locator('.quick-input-widget .quick-input-box input').fill('a.wav');
    await v.page.waitForTimeout(1000);
    await v.page.locator('.quick-input-widget .monaco-list-row').first().click();
    await v.page.waitForTimeout(5000);
    await v.screenshot('open');
    for (const f of v.page.frames()) {
      const r = await f.evaluate<string>('document.body ? (document.body.dataset.rendered || "-") + " " + (document.body.dataset.init || "").slice(0, 80) : ""').catch((e) => String(e));
      console.log(f.url().slice(0, 80), r);
    }
  } finally { await v.close(); }
})();
