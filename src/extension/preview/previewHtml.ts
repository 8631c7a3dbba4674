// The preview page: the shared webview shell with media from the extension (the <audio> element plays the file
// through its webview URI; WebAudio buffers need no source) and the initial state as escaped JSON in data-init.
import type { PreviewInit } from '../../protocol/preview';
import { webviewPageHtml } from '../webviewPage';

export interface PreviewPageUris {
  readonly cspSource: string;
  readonly script: string;
  readonly css: string;
  readonly codicons: string;
}

export function previewHtml(init: PreviewInit, uris: PreviewPageUris, nonce: string): string {
  return webviewPageHtml({
    cspSource: uris.cspSource,
    nonce,
    media: true,
    stylesheets: [{ href: uris.codicons, id: 'vscode-codicon-stylesheet' }, { href: uris.css }],
    script: uris.script,
    title: init.fileName,
    bodyAttributes: { 'data-init': JSON.stringify(init) },
  });
}
