import { useLayoutEffect, useState } from 'react';
import { useElder } from '../session/elder';

// How many list entries fit on this screen without scrolling: the rows between the list's top and
// the bottom of the window (less room for the pager), times the grid's columns. A 1080×1920 portrait
// kiosk shows many more entries than a 1280×1024 one; a fixed count either spreads the catalogue
// over many pages (elder mode: 22 services on 8 pages) or pushes entries below the fold.

/** Room kept under the list for the pager (an elder-mode button, its margin and the page padding). */
const PAGER_ROOM = 150;

/** `ref` goes on the list (a callback ref); `size` is how many entries to show per page. */
export function useFittingPageSize<T extends HTMLElement>(): { ref: (el: T | null) => void; size: number } {
  const { elder, pageSize } = useElder();
  const [list, ref] = useState<T | null>(null);
  const [fitted, setFitted] = useState<number | null>(null);
  // Measured after every render (fonts, language, a notice above can move the list); setting the same
  // number again does not render again, so this settles at once.
  useLayoutEffect(() => {
    const measure = () => {
      if (!list) return;
      const style = getComputedStyle(list);
      const gap = parseFloat(style.rowGap) || 0;
      const first = list.firstElementChild;
      const rowHeight = first ? first.getBoundingClientRect().height : 0;
      if (rowHeight <= 0) return;
      const columns = Math.max(1, style.gridTemplateColumns.split(' ').filter(Boolean).length);
      const room = window.innerHeight - list.getBoundingClientRect().top - PAGER_ROOM;
      const rows = Math.max(1, Math.floor((room + gap) / (rowHeight + gap)));
      setFitted(rows * columns);
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  });
  // Outside elder mode never fewer than before; in elder mode exactly what fits.
  const size = fitted === null ? pageSize : elder ? fitted : Math.max(pageSize, fitted);
  return { ref, size };
}
