// Functions the browser tests run inside the page (playwright's `page.evaluate` sends their source): DOM types here
// and only here, as in src/explore/browser/. Each is self-contained: it may use nothing from outside its body.

/** The focused control: its key (id, or tag and text), its tag, its accessible name and, for a summary, whether its details are open. */
export function focusedControl(): { key: string; tag: string; name: string; open: boolean } | undefined {
  const e = document.activeElement as HTMLElement | null;
  if (!e || e === document.body) return undefined;
  const labels = [...((e as HTMLInputElement).labels ?? [])].map((l) => l.textContent ?? '');
  const name = (e.getAttribute('aria-label') ?? labels.join(' ')).trim() || (e.tagName === 'BUTTON' || e.tagName === 'SUMMARY' ? (e.textContent ?? '').trim() : '');
  const open = e.tagName === 'SUMMARY' && (e.parentElement as HTMLDetailsElement).open;
  return { key: e.id || `${e.tagName}:${e.textContent}`, tag: e.tagName, name, open };
}

/** The keys (as focusedControl gives them) of every enabled control of the page. */
export function enabledControls(): string[] {
  return [...document.querySelectorAll<HTMLElement>('input, select, button, summary')].filter((e) => !(e as HTMLButtonElement).disabled).map((e) => e.id || `${e.tagName}:${e.textContent}`);
}
