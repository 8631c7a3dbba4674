// extensionTestsPath entry: @vscode/test-electron loads this bundle in the extension host and awaits run().
import './extension.test';
import { runRegistered } from './runner';

export function run(): Promise<void> {
  return runRegistered();
}
