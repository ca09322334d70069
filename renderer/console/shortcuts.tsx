import {
  createContext,
  type ReactNode,
  useContext,
  useLayoutEffect,
  useMemo,
  useRef,
  useSyncExternalStore,
} from 'react';
import type { MessageKey } from '../../contract/i18n';
import { useI18n } from '../shared/i18n';

// Single-key shortcuts for every action on screen. Each component registers the keys of the actions it
// shows (useShortcut); one listener runs them, and the on-screen help lists exactly what is
// registered (greyed while not possible now). Nothing fires while the agent types in a field, with a
// modifier held, on key repeat, or while a modal dialog (transfer) is open: it handles its own keys.

export interface Shortcut {
  /** Lower-case letters, digits or key names (ArrowUp). */
  keys: readonly string[];
  label: MessageKey;
  /** Shown in the help instead of the keys, e.g. "1–4". */
  show?: string;
  enabled: boolean;
  run(key: string): unknown;
}

type Entry = Shortcut & { id: number };

/** Help order: the queue, the ticket, then the call. */
const ORDER = [
  'n',
  'c',
  'arrowup',
  'r',
  's',
  'x',
  '1',
  'f',
  'p',
  'u',
  't',
  'd',
  'q',
  'l',
  'o',
  'm',
  'v',
  'e',
];
const rank = (e: Entry) => {
  const i = ORDER.indexOf(e.keys[0]!.toLowerCase());
  return i < 0 ? ORDER.length : i;
};

class Registry {
  private entries = new Map<number, Entry>();
  private subs = new Set<() => void>();
  private list: Entry[] = [];
  private seq = 0;

  newId = () => ++this.seq;
  set(entry: Entry) {
    this.entries.set(entry.id, entry);
    this.changed();
  }
  remove(id: number) {
    if (this.entries.delete(id)) this.changed();
  }
  subscribe = (fn: () => void) => {
    this.subs.add(fn);
    return () => void this.subs.delete(fn);
  };
  snapshot = () => this.list;
  /** Runs the most recently registered enabled action bound to the key; true when one ran. */
  dispatch(key: string): boolean {
    const found = [...this.entries.values()].reverse().find((e) => e.enabled && e.keys.includes(key));
    if (!found) return false;
    void found.run(key);
    return true;
  }
  private changed() {
    this.list = [...this.entries.values()].sort((a, b) => rank(a) - rank(b) || a.id - b.id);
    this.subs.forEach((fn) => fn());
  }
}

const NOT_TYPED = new Set([
  'checkbox',
  'radio',
  'button',
  'submit',
  'reset',
  'range',
  'color',
  'file',
  'image',
]);

/** True when a key pressed on this element is text being typed (or a choice in a list). */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  if (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  return el.tagName === 'INPUT' && !NOT_TYPED.has((el as HTMLInputElement).type);
}

const RegistryContext = createContext<Registry | null>(null);

export function ShortcutProvider({ children }: { children: ReactNode }) {
  const registry = useMemo(() => new Registry(), []);
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.repeat || e.ctrlKey || e.metaKey || e.altKey) return;
      if (isTyping(e.target) || document.querySelector('dialog[open]')) return;
      const el = e.target as HTMLInputElement | null;
      // Arrow keys move between radio buttons and options natively.
      if (e.key.startsWith('Arrow') && el?.tagName === 'INPUT' && el.type === 'radio') return;
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      if (registry.dispatch(key)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [registry]);
  return <RegistryContext.Provider value={registry}>{children}</RegistryContext.Provider>;
}

/** Binds keys to an action while the calling component is on screen; `enabled` says if it can run now. */
export function useShortcut(
  keys: string | readonly string[],
  label: MessageKey,
  run: (key: string) => unknown,
  enabled = true,
  show?: string,
): void {
  const registry = useContext(RegistryContext);
  const runRef = useRef(run);
  useLayoutEffect(() => {
    runRef.current = run;
  });
  const id = useMemo(() => registry?.newId() ?? 0, [registry]);
  const joined = typeof keys === 'string' ? keys : keys.join(' ');
  // Before paint: a key pressed the moment a button shows already finds its action.
  useLayoutEffect(() => {
    registry?.set({ id, keys: joined.split(' '), label, enabled, show, run: (k) => runRef.current(k) });
  }, [registry, id, joined, label, enabled, show]);
  useLayoutEffect(() => () => registry?.remove(id), [registry, id]);
}

const KEY_NAMES: Record<string, string> = { ArrowUp: '↑', ArrowDown: '↓' };

/** How a key is written on a button and in the help: N, 1, ↑. */
export function keyName(key: string): string {
  return KEY_NAMES[key] ?? key.toUpperCase();
}

/** The key of an action, shown after its label on a button. */
export function Kbd({ k }: { k: string }) {
  return <kbd className="key">{keyName(k)}</kbd>;
}

/** The on-screen help: every shortcut of what is shown now, greyed while its action cannot run. */
export function ShortcutHelp() {
  const { t } = useI18n();
  const registry = useContext(RegistryContext);
  const list = useSyncExternalStore(
    registry?.subscribe ?? (() => () => undefined),
    registry?.snapshot ?? (() => [] as Entry[]),
  );
  return (
    <section className="shortcut-help" data-testid="shortcut-help" aria-label={t('console.help.title')}>
      <h3>{t('console.help.title')}</h3>
      <ul>
        {list.map((e) => (
          <li key={e.id} data-keys={e.keys.join(' ')} aria-disabled={!e.enabled}>
            <kbd className="key">{e.show ?? e.keys.map(keyName).join('/')}</kbd> {t(e.label)}
          </li>
        ))}
      </ul>
      <p className="hint">{t('console.help.typing')}</p>
    </section>
  );
}
