// The report panel's HTML shell: strict CSP with a fresh nonce, bundle and CSS through asWebviewUri.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function reportPanelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const media = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', ...p)).toString();
  const src = webview.cspSource;
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${src}`,
    `img-src ${src} data:`,
    `font-src ${src}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${media('media', 'report.css')}">
<title>Audio Audit Report</title>
</head>
<body>
<div id="app"></div>
<script type="module" nonce="${nonce}" src="${media('webview', 'report.js')}"></script>
</body>
</html>`;
}
