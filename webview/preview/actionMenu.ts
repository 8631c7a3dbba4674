// A finding's lightbulb and the menu of its actions, shaped like VS Code's code action widget: arrow keys move,
// Enter runs, Escape closes and gives focus back to the lightbulb; a disabled action stays listed and says why.
import type { FindingAction } from '../../src/core/fix/findingActions';
import { el } from './dom';

const SHORTCUT = /Mac/.test(navigator.platform) ? '⌘.' : 'Ctrl+.';

let open: { menu: HTMLElement; bulb: HTMLButtonElement } | null = null;

export function closeActionMenu(focusBulb = false): void {
  if (!open) return;
  const { menu, bulb } = open;
  open = null;
  menu.remove();
  bulb.setAttribute('aria-expanded', 'false');
  if (focusBulb) bulb.focus();
}

/** The lightbulb button of one finding row; `run` gets the chosen (enabled) action. */
export function lightbulb(actions: readonly FindingAction[], run: (action: FindingAction) => void): HTMLButtonElement {
  const bulb = el('button', 'lightbulb codicon codicon-lightbulb');
  bulb.title = `Show Code Actions (${SHORTCUT})`;
  bulb.setAttribute('aria-label', 'Show Code Actions');
  bulb.setAttribute('aria-haspopup', 'menu');
  bulb.setAttribute('aria-expanded', 'false');
  // The row itself zooms on click and Enter: the bulb keeps both to itself.
  bulb.addEventListener('click', (e) => {
    e.stopPropagation();
    const wasOpen = open?.bulb === bulb;
    closeActionMenu();
    if (!wasOpen) showMenu(bulb, actions, run, e.detail === 0);
  });
  bulb.addEventListener('keydown', (e) => e.stopPropagation());
  return bulb;
}

function showMenu(bulb: HTMLButtonElement, actions: readonly FindingAction[], run: (action: FindingAction) => void, fromKeyboard: boolean): void {
  const menu = el('div', 'action-menu');
  menu.setAttribute('role', 'menu');
  menu.setAttribute('aria-label', 'Code Actions');
  const items = actions.map((action) => {
    const item = el('div', 'action-item');
    item.setAttribute('role', 'menuitem');
    item.tabIndex = -1;
    item.dataset.action = action.id;
    item.append(el('span', `codicon codicon-${action.disabledReason ? 'circle-slash' : 'lightbulb'}`), el('span', 'action-title', action.title));
    if (action.disabledReason) {
      item.setAttribute('aria-disabled', 'true');
      item.title = action.disabledReason;
      item.append(el('span', 'action-reason', action.disabledReason));
    }
    item.addEventListener('click', (e) => {
      e.stopPropagation();
      if (action.disabledReason) return;
      closeActionMenu();
      run(action);
    });
    item.addEventListener('mousemove', () => item.focus());
    return item;
  });
  // VS Code's widget titles the list by the kind of its actions.
  menu.append(el('div', 'action-menu-header', 'Quick Fix'), ...items);
  menu.addEventListener('keydown', (e) => {
    e.stopPropagation();
    const at = items.indexOf(document.activeElement as HTMLDivElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = at < 0 ? (e.key === 'ArrowDown' ? 0 : items.length - 1) : (at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
      items[next].focus();
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      items[e.key === 'Home' ? 0 : items.length - 1].focus();
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      if (at >= 0) items[at].click();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      closeActionMenu(true);
    } else if (e.key === 'Tab') {
      closeActionMenu(true);
    }
  });
  document.body.append(menu);
  // Below the bulb, its right edge under the bulb's (the bulb sits at the row's right end), inside the page.
  const r = bulb.getBoundingClientRect();
  const left = Math.max(4, Math.min(r.right - menu.offsetWidth, document.documentElement.clientWidth - menu.offsetWidth - 4));
  menu.style.left = `${left + window.scrollX}px`;
  menu.style.top = `${r.bottom + 2 + window.scrollY}px`;
  bulb.setAttribute('aria-expanded', 'true');
  open = { menu, bulb };
  menu.tabIndex = -1;
  // A click opens it without a focused item (as VS Code's does); the keyboard lands on the first action that runs.
  (fromKeyboard ? items.find((i) => !i.hasAttribute('aria-disabled')) ?? items[0] : menu).focus();
}

document.addEventListener('pointerdown', (e) => {
  if (open && !open.menu.contains(e.target as Node) && e.target !== open.bulb) closeActionMenu();
});
window.addEventListener('blur', () => closeActionMenu());
window.addEventListener('resize', () => closeActionMenu());
