// The report panel's page: the shared webview shell with a fresh nonce, bundle and CSS through asWebviewUri.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { webviewPageHtml } from '../webviewPage';

export function reportPanelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const media = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', ...p)).toString();
  return webviewPageHtml({
    cspSource: webview.cspSource,
    nonce: randomBytes(16).toString('base64'),
    stylesheets: [{ href: media('media', 'report.css') }],
    script: media('webview', 'report.js'),
    title: 'Audio Audit Report',
  });
}
