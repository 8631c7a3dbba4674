// The HTML shell both webviews (preview, report) load: a strict CSP (nothing by default, one nonce'd module
// script, styles, fonts and images only from the extension), their stylesheets and the app's root element.
// Pure (no vscode import) so the escaping and the CSP are unit-tested.

/** HTML attribute escaping (& < > " '), enough for any string inside a double-quoted attribute. */
export function escapeAttribute(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export interface WebviewPage {
  /** webview.cspSource: where the extension's own resources come from. */
  readonly cspSource: string;
  readonly nonce: string;
  /** Also allow <audio>/<video> sources from the extension (the preview plays the file through its webview URI). */
  readonly media?: boolean;
  readonly stylesheets: readonly { readonly href: string; readonly id?: string }[];
  readonly script: string;
  readonly title: string;
  /** Attributes of <body>, e.g. the page's initial state as JSON; escaped here. */
  readonly bodyAttributes?: Readonly<Record<string, string>>;
}

export function webviewPageHtml(p: WebviewPage): string {
  const src = p.cspSource;
  const csp = [
    `default-src 'none'`, `script-src 'nonce-${p.nonce}'`, `style-src ${src}`, `font-src ${src}`,
    ...(p.media ? [`media-src ${src}`] : []), `img-src ${src} data:`,
  ].join('; ');
  const links = p.stylesheets.map((s) => `<link rel="stylesheet" href="${escapeAttribute(s.href)}"${s.id ? ` id="${escapeAttribute(s.id)}"` : ''}>`);
  const body = Object.entries(p.bodyAttributes ?? {}).map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${links.join('\n')}
<title>${escapeAttribute(p.title)}</title>
</head>
<body${body}>
<main id="app"></main>
<script type="module" nonce="${escapeAttribute(p.nonce)}" src="${escapeAttribute(p.script)}"></script>
</body>
</html>`;
}
