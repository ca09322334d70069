/// <reference lib="dom" />
import type { Page } from 'playwright-core';

// What a resident must see without scrolling: every visible control, heading, paragraph, image and
// badge inside the viewport, and nothing inside a button spilling out of it (a clipped badge).

/** Descriptions of needed things outside the viewport or spilling out of their button. */
export async function outOfView(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const W = window.innerWidth;
    const H = window.innerHeight;
    const TOL = 1;
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''} "${(el.textContent ?? '').trim().slice(0, 24)}"`;
    const shown = (el: Element) => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) return null;
      const st = getComputedStyle(el);
      if (st.visibility === 'hidden' || st.display === 'none') return null;
      if (el.closest('.visually-hidden')) return null;
      return r;
    };
    const needed = document.querySelectorAll(
      'button, a[href], [role="button"], h1, h2, h3, p, img, label, .tile-waiting, [data-testid]',
    );
    for (const el of Array.from(needed)) {
      const r = shown(el);
      if (!r) continue;
      if (r.left < -TOL || r.top < -TOL || r.right > W + TOL || r.bottom > H + TOL)
        out.push(
          `${name(el)} at ${Math.round(r.left)},${Math.round(r.top)}-${Math.round(r.right)},${Math.round(r.bottom)}`,
        );
    }
    for (const b of Array.from(document.querySelectorAll('button'))) {
      const br = shown(b);
      if (!br) continue;
      for (const c of Array.from(b.querySelectorAll('*'))) {
        const r = shown(c);
        if (!r) continue;
        if (r.left < br.left - 2 || r.top < br.top - 2 || r.right > br.right + 2 || r.bottom > br.bottom + 2)
          out.push(`${name(c)} spills out of ${name(b)}`);
      }
    }
    return [...new Set(out)];
  });
}
