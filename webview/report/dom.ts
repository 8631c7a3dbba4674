// The report page's element builders (text goes in through textContent only), shared by the page and its sections.
import { el } from '../preview/dom';

export { el };

export function card(label: string, value: string, lines: string[] = [], id?: string): HTMLElement {
  const c = el('div', 'card');
  if (id) c.id = id;
  c.append(el('div', 'card-label', label), el('div', 'card-value', value));
  for (const l of lines) c.append(el('div', 'card-line muted', l));
  return c;
}

/** A titled chart box with its canvas; the caller places the box. */
export function chartBox(titleText: string, id: string, tall = false): { box: HTMLElement; canvas: HTMLCanvasElement } {
  const box = el('div', tall ? 'chart-box tall' : 'chart-box');
  box.id = id;
  const canvas = document.createElement('canvas');
  const holder = el('div', 'chart-canvas');
  holder.append(canvas);
  box.append(el('h3', undefined, titleText), holder);
  return { box, canvas };
}
