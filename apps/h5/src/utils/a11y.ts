/**
 * Vant renders some controls as <div role="button"|"tab" tabindex="0"> with only a click
 * handler (Cell, Tabbar, Tabs). Keyboard users must be able to press them too (WCAG 2.1.1):
 * Enter or Space on such an element clicks it, as on a native button.
 */
export function installKeyboardActivation(root: Document = document): void {
  root.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    const el = event.target as HTMLElement | null;
    if (!el || el.tagName === 'BUTTON' || el.tagName === 'A' || el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') return;
    const role = el.getAttribute('role');
    if ((role === 'button' || role === 'tab' || role === 'switch' || role === 'checkbox' || role === 'radio') && el.tabIndex >= 0) {
      event.preventDefault();
      el.click();
    }
  });
}
