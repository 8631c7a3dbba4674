// A mocha-style suite()/test() runner for the extension host (mocha itself is not a dependency of this project).
// Tests run one after another; the first failure of each is reported and the run fails if any test failed.
type TestFn = () => Promise<void> | void;

const registered: { suite: string; name: string; fn: TestFn }[] = [];
let currentSuite = '';

export function suite(name: string, body: () => void): void {
  currentSuite = name;
  body();
  currentSuite = '';
}

export function test(name: string, fn: TestFn): void {
  registered.push({ suite: currentSuite, name, fn });
}

export async function runRegistered(timeoutMs = 60_000): Promise<void> {
  let failed = 0;
  for (const t of registered) {
    const label = `${t.suite} › ${t.name}`;
    try {
      await Promise.race([t.fn(), new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs))]);
      console.log(`  ✔ ${label}`);
    } catch (e) {
      failed++;
      console.error(`  ✖ ${label}\n    ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    }
  }
  console.log(`${registered.length - failed} passing, ${failed} failing`);
  if (failed) throw new Error(`${failed} of ${registered.length} extension tests failed`);
}
