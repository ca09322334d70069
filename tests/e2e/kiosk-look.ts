/// <reference lib="dom" />
import type { Page } from 'playwright-core';

// How the kiosk's video screens look to a resident: no button left in the browser's default grey
// bevel, action text large enough to read standing, and every control on screen. Measured from the
// computed styles, against a bare <button> the same page would show with no kiosk styling.

export interface LookFloors {
  /** The smallest font of an action button's main line (px). */
  action: number;
  /** The smallest font of any other button (keys, chips, fields) (px). */
  key: number;
  /** The smallest height of any button (px). */
  height: number;
}

/** Descriptions of buttons under `scope` that look like the browser default, are too small, or are off screen. */
export async function lookProblems(page: Page, scope: string, floors: LookFloors): Promise<string[]> {
  return page.evaluate(
    ({ scope, floors }) => {
      const out: string[] = [];
      const bare = document.createElement('button');
      bare.style.all = 'revert';
      document.body.append(bare);
      const ua = getComputedStyle(bare);
      const uaLook = { bg: ua.backgroundColor, border: ua.borderTopStyle };
      bare.remove();
      const W = window.innerWidth;
      const H = window.innerHeight;
      for (const b of Array.from(document.querySelectorAll<HTMLElement>(`${scope} button`))) {
        const r = b.getBoundingClientRect();
        const st = getComputedStyle(b);
        if ((r.width === 0 && r.height === 0) || st.visibility === 'hidden') continue;
        const name = `button${b.dataset.testid ? `[${b.dataset.testid}]` : ''} "${(b.textContent ?? '').trim().slice(0, 20)}"`;
        if (st.backgroundColor === uaLook.bg || st.borderTopStyle === uaLook.border)
          out.push(`${name} looks like the browser default (${st.backgroundColor}, ${st.borderTopStyle})`);
        const main = b.querySelector('.bi-primary') ?? b;
        const size = parseFloat(getComputedStyle(main).fontSize);
        const isAction = b.classList.contains('big');
        const floor = isAction ? floors.action : floors.key;
        if (size < floor - 0.5) out.push(`${name} text ${size} px < ${floor} px`);
        if (r.height < floors.height - 0.5)
          out.push(`${name} ${Math.round(r.height)} px high < ${floors.height}`);
        if (r.left < -1 || r.top < -1 || r.right > W + 1 || r.bottom > H + 1)
          out.push(
            `${name} outside the screen at ${Math.round(r.left)},${Math.round(r.top)}-${Math.round(r.right)},${Math.round(r.bottom)}`,
          );
      }
      return out;
    },
    { scope, floors },
  );
}

/** The computed font size (px) of the first element matching `selector`. */
export const fontSize = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
