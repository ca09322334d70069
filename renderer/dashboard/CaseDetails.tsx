import { useEffect, useState } from 'react';
import { z } from 'zod';
import type { ErrorCode } from '../../contract/errors';
import { CaseDocument, VideoCase } from '../../contract/video';
import { Bi, useI18n } from '../shared/i18n';
import { api } from './api';
import { LoadFailed } from './text';

// One video case behind a follow-up, for the supervisor: its notes, the documents taken (what and
// when; the images themselves are for the serving agent during the case only) and its timeline.

const Documents = z.object({ documents: z.array(CaseDocument) });

/** Shanghai wall-clock time of an ISO instant, as staff read it. */
export function shanghaiTime(iso: string): string {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}

export function CaseDetails({ caseId, onClose }: { caseId: string; onClose(): void }) {
  const { t } = useI18n();
  const [vc, setVc] = useState<VideoCase | null>(null);
  const [docs, setDocs] = useState<CaseDocument[] | null>(null);
  const [error, setError] = useState<ErrorCode | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    const path = `/api/v1/video/cases/${encodeURIComponent(caseId)}`;
    void api(VideoCase, path, { signal: ctl.signal }).then((r) => (r.ok ? setVc(r.data) : setError(r.code)));
    void api(Documents, `${path}/documents`, { signal: ctl.signal }).then((r) =>
      r.ok ? setDocs(r.data.documents) : setDocs([]),
    );
    return () => ctl.abort();
  }, [caseId]);
  return (
    <section className="panel case-details" data-testid="case-details" data-case={caseId}>
      <div className="panel-head">
        <h2>{vc ? t('dash.case.title', { n: vc.caseNumber, ticket: vc.ticketNumber }) : '…'}</h2>
        <button type="button" onClick={onClose}>
          <Bi k="dash.case.close" />
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          <LoadFailed code={error} />
        </p>
      )}
      {vc && (
        <>
          {vc.outcome && <p>{t('dash.case.outcome', { outcome: t(`video.outcome.${vc.outcome}`) })}</p>}
          <h3>
            <Bi k="dash.case.notes" />
          </h3>
          <pre className="case-notes" data-testid="case-notes">
            {vc.notes || t('dash.case.noNotes')}
          </pre>
          <h3>
            <Bi k="dash.case.documents" />
          </h3>
          {docs && docs.length > 0 ? (
            <ul data-testid="case-documents">
              {docs.map((d) => (
                <li key={d.id} data-kind={d.kind}>
                  {t(d.kind === 'photo' ? 'console.doc.photo' : 'console.doc.signature', {
                    w: d.width,
                    h: d.height,
                  })}
                  {d.signedText ? ` · ${d.signedText}` : ''} · {shanghaiTime(d.createdAt)}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('dash.case.noDocuments')}</p>
          )}
          <h3>
            <Bi k="dash.case.timeline" />
          </h3>
          <ol className="case-timeline" data-testid="case-timeline">
            {vc.timeline.map((e, i) => (
              <li key={i} data-kind={e.kind}>
                <time dateTime={e.at}>{shanghaiTime(e.at)}</time> {e.kind} · {e.actor}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
