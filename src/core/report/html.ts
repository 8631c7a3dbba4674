// The standalone HTML report: one file with the report bundle, chart.js, the CSS and the data inlined; no network.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditReport } from '../types';
import { toReportView } from './view';

export interface StandaloneAssets {
  /** dist/webview/report.js (the webview bundle, chart.js and the UI elements inside). */
  readonly script: string;
  /** dist/media/report.css */
  readonly css: string;
}

/**
 * Light theme values for the --vscode-* variables the report uses (VS Code's Light Modern defaults), and the dark
 * ones (Dark Modern) under prefers-color-scheme: outside VS Code nothing else defines them.
 */
const THEME_CSS = `
:root {
  --vscode-font-family: system-ui, -apple-system, "Segoe UI", Ubuntu, sans-serif; --vscode-font-size: 13px; --vscode-font-weight: normal;
  --vscode-foreground: #3b3b3b; --vscode-descriptionForeground: #717171; --vscode-editor-background: #ffffff;
  --vscode-editorWidget-background: #f8f8f8; --vscode-editorWidget-border: #c8c8c8; --vscode-panel-border: #e5e5e5;
  --vscode-errorForeground: #e51400; --vscode-editorWarning-foreground: #bf8803; --vscode-editorInfo-foreground: #1a85ff;
  --vscode-charts-red: #e51400; --vscode-charts-blue: #1a85ff; --vscode-charts-yellow: #bf8803; --vscode-charts-orange: #d18616;
  --vscode-charts-green: #388a34; --vscode-charts-purple: #652d90; --vscode-focusBorder: #005fb8;
  --vscode-badge-background: #cccccc; --vscode-badge-foreground: #3b3b3b; --vscode-list-hoverBackground: #f2f2f2;
  --vscode-button-background: #005fb8; --vscode-button-foreground: #ffffff; --vscode-button-hoverBackground: #0258a8;
  --vscode-button-secondaryBackground: #e5e5e5; --vscode-button-secondaryForeground: #3b3b3b; --vscode-button-secondaryHoverBackground: #cccccc;
  --vscode-input-background: #ffffff; --vscode-input-foreground: #3b3b3b; --vscode-input-border: #cecece;
  --vscode-settings-dropdownBackground: #ffffff; --vscode-settings-dropdownForeground: #3b3b3b; --vscode-settings-dropdownBorder: #cecece;
  --vscode-settings-dropdownListBorder: #c8c8c8; --vscode-list-activeSelectionBackground: #e8e8e8; --vscode-list-activeSelectionForeground: #000000;
  --vscode-progressBar-background: #005fb8;
  --vscode-settings-textInputBackground: #ffffff; --vscode-settings-textInputForeground: #3b3b3b; --vscode-settings-textInputBorder: #cecece;
  --vscode-input-placeholderForeground: #767676;
}
@media (prefers-color-scheme: dark) {
  :root {
    --vscode-foreground: #cccccc; --vscode-descriptionForeground: #9d9d9d; --vscode-editor-background: #1f1f1f;
    --vscode-editorWidget-background: #202020; --vscode-editorWidget-border: #454545; --vscode-panel-border: #2b2b2b;
    --vscode-errorForeground: #f85149; --vscode-editorWarning-foreground: #cca700; --vscode-editorInfo-foreground: #3794ff;
    --vscode-charts-red: #f14c4c; --vscode-charts-blue: #3794ff; --vscode-charts-yellow: #cca700; --vscode-charts-orange: #d18616;
    --vscode-charts-green: #89d185; --vscode-charts-purple: #b180d7; --vscode-focusBorder: #0078d4;
    --vscode-badge-background: #616161; --vscode-badge-foreground: #f8f8f8; --vscode-list-hoverBackground: #2a2d2e;
    --vscode-button-background: #0078d4; --vscode-button-foreground: #ffffff; --vscode-button-hoverBackground: #026ec1;
    --vscode-button-secondaryBackground: #313131; --vscode-button-secondaryForeground: #cccccc; --vscode-button-secondaryHoverBackground: #3c3c3c;
    --vscode-input-background: #313131; --vscode-input-foreground: #cccccc; --vscode-input-border: #3c3c3c;
    --vscode-settings-dropdownBackground: #313131; --vscode-settings-dropdownForeground: #cccccc; --vscode-settings-dropdownBorder: #3c3c3c;
    --vscode-settings-dropdownListBorder: #454545; --vscode-list-activeSelectionBackground: #04395e; --vscode-list-activeSelectionForeground: #ffffff;
    --vscode-progressBar-background: #0078d4;
    --vscode-settings-textInputBackground: #313131; --vscode-settings-textInputForeground: #cccccc; --vscode-settings-textInputBorder: #3c3c3c;
    --vscode-input-placeholderForeground: #989898;
  }
}`;

/**
 * JSON that is safe inside a <script type="application/json"> block: `<`, `>`, `&` and the JS line separators
 * escaped as \\uXXXX (the OWASP rule for JSON in HTML), so no file name can close the block.
 */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A script inlined in HTML must not contain "</script" or "<!--" (HTML script data states); \x3c is "<" in JS. */
export function scriptForHtml(js: string): string {
  return js.replace(/<(\/script|!--)/gi, '\\x3c$1');
}

/** Text escaped for HTML element content and quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** CSP source for an inline block: 'sha256-<base64>' of its exact text (CSP Level 2 hash-source). */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The built assets next to the running bundle (dist/cli.js, dist/extension.js) or in the repo's dist/. */
export function loadStandaloneAssets(distDir?: string): StandaloneAssets {
  const candidates = distDir ? [distDir] : [__dirname, join(__dirname, '..', '..', '..', 'dist')];
  for (const dir of candidates) {
    const script = join(dir, 'webview', 'report.js');
    const css = join(dir, 'media', 'report.css');
    if (existsSync(script) && existsSync(css)) return { script: readFileSync(script, 'utf8'), css: readFileSync(css, 'utf8') };
  }
  throw new Error(`report bundle not found (looked for webview/report.js and media/report.css in ${candidates.join(', ')}); run npm run build`);
}

/** One self-contained HTML page showing the report; opened from disk it needs no network. */
export function renderStandaloneHtml(report: AuditReport, assets: StandaloneAssets = loadStandaloneAssets()): string {
  const css = `${THEME_CSS}\n${assets.css}`;
  // The bundle's source map is not shipped with the page.
  const script = scriptForHtml(assets.script.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'));
  const csp = [
    "default-src 'none'",
    `script-src ${cspHash(script)}`,
    `style-src ${cspHash(css)}`,
    'img-src data:',
  ].join('; ');
  const title = `Audio dataset report: ${report.root}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body class="standalone">
<div id="app"></div>
<script type="application/json" id="report-data">${jsonForHtml(toReportView(report))}</script>
<script type="module">${script}</script>
</body>
</html>
`;
}
