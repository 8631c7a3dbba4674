// Canvas colours come from the theme's --vscode-* variables (read with getComputedStyle), never hard-coded.
export interface Palette {
  readonly background: string;
  readonly foreground: string;
  readonly wave: string;
  readonly zeroLine: string;
  readonly dcLine: string;
  readonly fullScale: string;
  readonly minMaxZero: string;
  readonly playhead: string;
  readonly region: string;
  readonly melAboveTop: string;
  /** The band-limit cutoff line on the spectrogram (a warning-rule marker). */
  readonly bandLimit: string;
  /** Colour stops of the mel scale from the floor to the top. */
  readonly melStops: readonly [number, number, number][];
  readonly font: string;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallbackVar: string): string {
  return style.getPropertyValue(name).trim() || style.getPropertyValue(fallbackVar).trim();
}

/** Parses the colour strings VS Code puts in its variables (#rgb, #rrggbb, #rrggbbaa, rgb(a)). */
export function parseColor(s: string): [number, number, number] {
  const hex = s.match(/^#([0-9a-f]{3,8})$/i);
  if (hex) {
    const h = hex[1];
    if (h.length === 3 || h.length === 4) return [0, 1, 2].map((i) => parseInt(h[i] + h[i], 16)) as [number, number, number];
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
  }
  const rgb = s.match(/rgba?\(\s*([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)/i);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  return [128, 128, 128];
}

export function readPalette(): Palette {
  const st = getComputedStyle(document.body);
  const v = (name: string, fallback = '--vscode-foreground') => cssVar(st, name, fallback);
  return {
    background: v('--vscode-editor-background'),
    foreground: v('--vscode-foreground'),
    wave: v('--vscode-charts-blue'),
    zeroLine: v('--vscode-editorLineNumber-foreground'),
    dcLine: v('--vscode-charts-orange'),
    fullScale: v('--vscode-charts-red'),
    minMaxZero: v('--vscode-charts-purple'),
    playhead: v('--vscode-editorCursor-foreground'),
    region: v('--vscode-editor-findMatchHighlightBackground', '--vscode-editor-selectionBackground'),
    melAboveTop: v('--vscode-charts-red'),
    bandLimit: v('--vscode-editorWarning-foreground', '--vscode-charts-orange'),
    melStops: [
      parseColor(v('--vscode-editor-background')),
      parseColor(v('--vscode-charts-blue')),
      parseColor(v('--vscode-charts-green')),
      parseColor(v('--vscode-charts-yellow')),
    ],
    font: `11px ${st.getPropertyValue('--vscode-font-family').trim() || 'sans-serif'}`,
  };
}

/** Linear interpolation through the stops; u in [0, 1]. */
export function melColor(stops: readonly [number, number, number][], u: number): [number, number, number] {
  const x = Math.max(0, Math.min(1, u)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i];
  const b = stops[i + 1];
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}
