import { useCallback, useEffect, useState } from 'react';
import { type Result, call } from './api';

/** A list from the API (`key` of the answer), reloaded on demand after a save. */
export function useRecords<T>(
  path: string,
  key: string,
): { rows: T[]; reload: () => void; problem: Result<unknown> | null } {
  const [rows, setRows] = useState<T[]>([]);
  const [problem, setProblem] = useState<Result<unknown> | null>(null);
  const reload = useCallback(() => {
    void call<Record<string, T[]>>(path).then((r) => {
      if (r.ok) setRows(r.data[key] ?? []);
      setProblem(r.ok ? null : r);
    });
  }, [path, key]);
  useEffect(reload, [reload]);
  return { rows, reload, problem };
}
