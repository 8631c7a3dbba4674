// The preview page: strict CSP (nonce'd module script, styles and fonts only from the extension), initial state
// as escaped JSON in data-init. Pure (no vscode import) so the escaping is unit-tested.
import type { PreviewInit } from '../../protocol/preview';

export interface PreviewPageUris {
  readonly cspSource: string;
  readonly script: string;
  readonly css: string;
  readonly codicons: string;
}

/** HTML attribute escaping (& < > " '), enough for any string inside a double-quoted attribute. */
export function escapeAttribute(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function previewHtml(init: PreviewInit, uris: PreviewPageUris, nonce: string): string {
  const src = uris.cspSource;
  // media-src: the <audio> element plays the file through its webview URI; WebAudio buffers need no source.
  const csp = [
    `default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src ${src}`, `font-src ${src}`,
    `media-src ${src}`, `img-src ${src} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(uris.codicons)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${escapeAttribute(uris.css)}">
<title>${escapeAttribute(init.fileName)}</title>
</head>
<body data-init="${escapeAttribute(JSON.stringify(init))}">
<main id="app"></main>
<script type="module" nonce="${escapeAttribute(nonce)}" src="${escapeAttribute(uris.script)}"></script>
</body>
</html>`;
}
