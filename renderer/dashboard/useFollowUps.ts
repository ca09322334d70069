import { useCallback, useEffect, useState } from 'react';
import { z } from 'zod';
import type { ErrorCode } from '../../contract/errors';
import { FollowUp } from '../../contract/video';
import { api } from './api';

// Open follow-ups (整改) of one centre, from the video service's API. Ratings have no event on the
// centre stream, so the list is reloaded every REFRESH_MS and after each closing.

const REFRESH_MS = 60_000;
const FollowUpList = z.object({ followUps: z.array(FollowUp) });
const Closed = z.unknown();

export function useFollowUps(centreId: string) {
  const [items, setItems] = useState<FollowUp[] | null>(null);
  const [error, setError] = useState<ErrorCode | null>(null);

  const load = useCallback(async () => {
    const r = await api(FollowUpList, '/api/v1/video/follow-ups?status=open');
    if (r.ok) setItems(r.data.followUps.filter((f) => f.centreId === centreId));
    setError(r.ok ? null : r.code);
  }, [centreId]);

  useEffect(() => {
    const first = setTimeout(() => void load(), 0);
    const id = setInterval(() => void load(), REFRESH_MS);
    return () => {
      clearTimeout(first);
      clearInterval(id);
    };
  }, [load]);

  const close = useCallback(
    async (id: string, resolution: string): Promise<ErrorCode | null> => {
      const r = await api(Closed, `/api/v1/video/follow-ups/${encodeURIComponent(id)}/close`, {
        method: 'POST',
        body: { resolution },
      });
      await load();
      return r.ok ? null : r.code;
    },
    [load],
  );

  return { items, error, close };
}
