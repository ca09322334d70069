import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The built files the kiosk page needs: dist/renderer/assets is shared by every front end (Vite
// splits common chunks), so the kiosk's server follows the references from kiosk/index.html through
// the chunks it loads and serves those only — never the console's or dashboard's code.

// "./x.js", './x.js' and `./x.js` (the bundler writes dynamic imports as template literals).
const REF = /(?:\/assets\/|assets\/|["'`]\.\/)([A-Za-z0-9_.-]+\.(?:js|css|woff2|svg|png|wav|mp3))/g;

export function kioskAssetNames(rendererDir: string): Set<string> {
  const names = new Set<string>();
  const index = join(rendererDir, 'kiosk', 'index.html');
  if (!existsSync(index)) return names;
  const queue = [...readFileSync(index, 'utf8').matchAll(REF)].map((m) => m[1]!);
  while (queue.length) {
    const name = queue.pop()!;
    const file = join(rendererDir, 'assets', name);
    if (names.has(name) || !existsSync(file)) continue;
    names.add(name);
    if (name.endsWith('.js') || name.endsWith('.css'))
      for (const m of readFileSync(file, 'utf8').matchAll(REF)) queue.push(m[1]!);
  }
  return names;
}
