import { useEffect, useState } from 'react';
import { PlacesResponse } from '../../contract/api/stations';
import type { Bilingual } from '../../contract/catalog';
import { Bi, useI18n } from '../shared/i18n';
import { api } from './api';

// The centres this person may see (staff are scoped to centres), by name.

export function useCentreNames(): ReadonlyMap<string, Bilingual> {
  const [names, setNames] = useState<ReadonlyMap<string, Bilingual>>(new Map());
  useEffect(() => {
    let live = true;
    void api(PlacesResponse, '/api/v1/places').then((r) => {
      if (live && r.ok) setNames(new Map(r.data.centres.map((c) => [c.id, c.name])));
    });
    return () => {
      live = false;
    };
  }, []);
  return names;
}

export function CentrePicker({
  centreIds,
  value,
  onChange,
}: {
  centreIds: readonly string[];
  value: string;
  onChange: (id: string) => void;
}) {
  const { lang } = useI18n();
  const names = useCentreNames();
  const other = lang === 'zh' ? 'en' : 'zh';
  return (
    <label className="centre-picker">
      <Bi k="dash.centre" />
      <select value={value} onChange={(e) => onChange(e.target.value)} name="centre">
        {centreIds.map((id) => {
          const n = names.get(id);
          return (
            <option key={id} value={id}>
              {n ? `${n[lang]} ${n[other]}` : id}
            </option>
          );
        })}
      </select>
    </label>
  );
}
