import { useEffect, useState } from 'react';
import { CatalogResponse } from '../../../contract/api/catalog';
import { PlacesResponse } from '../../../contract/api/stations';
import type { ServiceItem } from '../../../contract/catalog';
import { api } from '../api';

export type StationNames = Map<string, { zh: string; en: string }>;

/** Item and station names, read again when an administrator changes them (`configEpoch`: config.changed). */
export function useNames(
  configEpoch: number,
  onError: (e: unknown) => void,
): { items: Map<string, ServiceItem>; stations: StationNames } {
  const [items, setItems] = useState<Map<string, ServiceItem>>(new Map());
  const [stations, setStations] = useState<StationNames>(new Map());
  useEffect(() => {
    void api(CatalogResponse, 'GET', '/api/v1/catalog').then(
      (r) => setItems(new Map(r.items.map((i) => [i.id, i]))),
      onError,
    );
    void api(PlacesResponse, 'GET', '/api/v1/places').then(
      (r) => setStations(new Map(r.stations.map((s) => [s.id, s.name]))),
      onError,
    );
  }, [onError, configEpoch]);
  return { items, stations };
}
