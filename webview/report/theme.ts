// Chart colours read from the --vscode-* theme variables (canvas drawing cannot use CSS variables directly).

export interface ChartColors {
  readonly foreground: string;
  readonly muted: string;
  readonly grid: string;
  readonly bar: string;
  readonly selected: string;
  readonly line: string;
  readonly line2: string;
  readonly error: string;
  readonly warning: string;
  readonly info: string;
  readonly reference: string;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallbackVar?: string): string {
  const v = style.getPropertyValue(name).trim();
  if (v || !fallbackVar) return v;
  return style.getPropertyValue(fallbackVar).trim();
}

export function chartColors(): ChartColors {
  const s = getComputedStyle(document.body);
  return {
    foreground: cssVar(s, '--vscode-foreground'),
    muted: cssVar(s, '--vscode-descriptionForeground', '--vscode-foreground'),
    grid: cssVar(s, '--vscode-editorWidget-border', '--vscode-panel-border'),
    bar: cssVar(s, '--vscode-charts-blue'),
    selected: cssVar(s, '--vscode-charts-orange'),
    line: cssVar(s, '--vscode-charts-blue'),
    line2: cssVar(s, '--vscode-charts-purple'),
    error: cssVar(s, '--vscode-charts-red'),
    warning: cssVar(s, '--vscode-charts-yellow'),
    info: cssVar(s, '--vscode-charts-blue'),
    reference: cssVar(s, '--vscode-charts-red'),
  };
}

/** Calls back when VS Code switches theme (it swaps the body class and the variables). */
export function onThemeChange(cb: () => void): void {
  new MutationObserver(cb).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
