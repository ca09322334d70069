import { useEffect, useState } from 'react';
import type { CaseDocument } from '../../../contract/video';
import { useI18n } from '../../shared/i18n';

// Document photos and signatures of the case, fetched (decrypted by the central service, audited)
// as blobs while the case is live; the object URLs are released when the list changes.

export function Documents({ documents }: { documents: CaseDocument[] }) {
  const { t } = useI18n();
  const [urls, setUrls] = useState<Record<string, string>>({});
  useEffect(() => {
    let alive = true;
    const made: string[] = [];
    void Promise.all(
      documents.map(async (d) => {
        const res = await fetch(`/api/v1/video/documents/${d.id}`, { credentials: 'same-origin' });
        if (!res.ok) return [d.id, ''] as const;
        const url = URL.createObjectURL(await res.blob());
        made.push(url);
        return [d.id, url] as const;
      }),
    ).then((pairs) => {
      if (alive) setUrls(Object.fromEntries(pairs));
    });
    return () => {
      alive = false;
      made.forEach((u) => URL.revokeObjectURL(u));
    };
  }, [documents]);
  if (documents.length === 0) return null;
  return (
    <div className="documents" data-testid="documents">
      <strong>{t('console.documents')}</strong>
      {documents.map((d) =>
        urls[d.id] ? (
          <figure key={d.id}>
            <img
              src={urls[d.id]}
              alt={d.kind}
              data-kind={d.kind}
              data-width={d.width}
              data-height={d.height}
            />
            <figcaption>
              {t(d.kind === 'photo' ? 'console.doc.photo' : 'console.doc.signature', {
                w: d.width,
                h: d.height,
              })}
              {d.signedText ? ` · ${d.signedText}` : ''}
            </figcaption>
          </figure>
        ) : null,
      )}
    </div>
  );
}
