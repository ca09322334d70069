import { useEffect } from 'react';
import { sessionActive } from '../session/machine';
import { useSession } from '../session/KioskSession';
import { useLive } from './LiveStatus';

/**
 * Applies an administrator's catalogue change (issue 12) once nobody is using the kiosk: a resident
 * in the middle of choosing, confirming or waiting keeps the list they started with (an item that
 * vanished under their finger would throw them out); the next session sees the new catalogue.
 */
export function useCatalogRefresh(): void {
  const { catalogStale, refreshCatalog } = useLive();
  const { state } = useSession();
  const busy = sessionActive(state);
  useEffect(() => {
    if (catalogStale && !busy) refreshCatalog();
  }, [catalogStale, busy, refreshCatalog]);
}
