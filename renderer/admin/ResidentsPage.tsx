import { useState, type FormEvent, type ReactNode } from 'react';
import type { ErasureResult, KeptReason, ResidentRecord } from '../../contract/api/data';
import type { MessageKey } from '../../contract/i18n';
import { useI18n } from '../shared/i18n';
import { type Result, call } from './api';
import { Field } from './Field';
import { HoldPanel } from './HoldPanel';
import { Problem } from './Problem';
import { type Column, RecordTable } from './RecordTable';

// A resident's own record on request (issue 18, docs/data.md): a supervisor or admin looks one
// resident up by ID number with a reason, sees everything held, exports it as JSON or opens the
// printable bilingual page (print to PDF); a district admin erases it, confirming with the ID
// number's last four characters. The ID number travels in POST bodies only — never a URL — and the
// page forgets it when the person is done (the input is emptied at once, the rest on "Done").

type Subject = { idNumber: string; reason: string };

export function ResidentsPage({ canErase }: { canErase: boolean }) {
  const { t } = useI18n();
  const [idNumber, setIdNumber] = useState('');
  const [reason, setReason] = useState('');
  const [subject, setSubject] = useState<Subject | null>(null);
  const [record, setRecord] = useState<ResidentRecord | null>(null);
  const [erased, setErased] = useState<ErasureResult | null>(null);
  const [erasing, setErasing] = useState(false);
  const [problem, setProblem] = useState<Result<unknown> | null>(null);

  const lookup = async (e: FormEvent) => {
    e.preventDefault();
    const ask = { idNumber: idNumber.trim().toUpperCase(), reason };
    const r = await call<ResidentRecord>('/api/v1/admin/residents/record', 'POST', ask);
    setProblem(r.ok ? null : r);
    if (!r.ok) return;
    setIdNumber('');
    setSubject(ask);
    setRecord(r.data);
    setErased(null);
    setErasing(false);
  };
  const done = () => {
    setSubject(null);
    setRecord(null);
    setErased(null);
    setErasing(false);
    setProblem(null);
    setReason('');
  };

  return (
    <section>
      <h2>{t('admin.nav.residents')}</h2>
      <p>{t('residents.intro')}</p>
      <form className="editor inline" aria-label={t('admin.nav.residents')} onSubmit={(e) => void lookup(e)}>
        <Field label={t('residents.field.idNumber')}>
          <input
            name="idNumber"
            autoComplete="off"
            spellCheck={false}
            maxLength={18}
            value={idNumber}
            onChange={(e) => setIdNumber(e.target.value)}
          />
        </Field>
        <Field label={t('residents.field.reason')}>
          <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <button type="submit">{t('residents.lookup')}</button>
      </form>
      <Problem result={problem} />
      {record && subject && (
        <RecordView
          record={record}
          hold={
            record.found && (
              <HoldPanel
                idNumber={subject.idNumber}
                holds={record.holds}
                canChange={canErase}
                onChanged={(holds) => setRecord({ ...record, holds })}
              />
            )
          }
          actions={
            <div className="actions">
              {record.found && (
                <>
                  <button type="button" onClick={() => exportJson(record)}>
                    {t('residents.exportJson')}
                  </button>
                  <button type="button" onClick={() => void openPrintable(subject, setProblem)}>
                    {t('residents.print')}
                  </button>
                  {canErase && !erasing && (
                    <button type="button" onClick={() => setErasing(true)}>
                      {t('residents.erase')}
                    </button>
                  )}
                </>
              )}
              <button type="button" onClick={done}>
                {t('residents.close')}
              </button>
            </div>
          }
        />
      )}
      {erasing && subject && (
        <EraseForm
          subject={subject}
          onDone={(r) => {
            setErased(r);
            setErasing(false);
            setRecord(null);
            // The erasure was the last use of the ID number unless something is kept (then a
            // later request repeats it): forget it now either way.
            setSubject(null);
          }}
          onCancel={() => setErasing(false)}
        />
      )}
      {erased && <ErasureAnswer result={erased} />}
    </section>
  );
}

/** The record as it was answered, one table per kind of data. */
function RecordView({
  record,
  actions,
  hold,
}: {
  record: ResidentRecord;
  actions: ReactNode;
  hold: ReactNode;
}) {
  const { t } = useI18n();
  if (!record.found || !record.resident) {
    return (
      <div data-testid="resident-record">
        <p role="status">{t('residents.notFound')}</p>
        {actions}
      </div>
    );
  }
  const r = record.resident;
  const head = (k: MessageKey) => <h3>{t(k)}</h3>;
  return (
    <div data-testid="resident-record">
      <p data-testid="resident-summary">
        {t('residents.summary', {
          id: r.idNumberMasked,
          name: r.name ?? t('residents.identityErased'),
          birth: r.birthDate ?? '—',
          first: when(r.firstSeenAt),
        })}
      </p>
      {actions}
      {hold}
      {head('data.record.tickets')}
      <ReadTable
        name="tickets"
        rows={record.tickets}
        columns={[
          { label: t('data.col.number'), cell: (x) => x.number },
          { label: t('data.col.centre'), cell: (x) => x.centreId },
          { label: t('data.col.item'), cell: (x) => x.itemId },
          { label: t('data.col.status'), cell: (x) => x.status },
          { label: t('data.col.outcome'), cell: (x) => x.outcome ?? '' },
          { label: t('data.col.time'), cell: (x) => when(x.issuedAt) },
        ]}
      />
      {head('data.record.appointments')}
      <ReadTable
        name="appointments"
        rows={record.appointments}
        columns={[
          { label: t('data.col.code'), cell: (x) => x.code },
          { label: t('data.col.centre'), cell: (x) => x.centreId },
          { label: t('data.col.item'), cell: (x) => x.itemId },
          { label: t('data.col.status'), cell: (x) => x.status },
          { label: t('data.col.time'), cell: (x) => when(x.startsAt) },
        ]}
      />
      {head('data.record.videoCases')}
      <ReadTable
        name="video-cases"
        rows={record.videoCases}
        columns={[
          { label: t('data.col.number'), cell: (x) => x.caseNumber },
          { label: t('data.col.status'), cell: (x) => x.status },
          { label: t('data.col.outcome'), cell: (x) => x.outcome ?? '' },
          {
            label: t('residents.col.identity'),
            cell: (x) => (x.identityHeld ? t('residents.held') : t('residents.gone')),
          },
          { label: t('residents.col.documents'), cell: (x) => x.documents.map((d) => d.kind).join(', ') },
          {
            label: t('data.col.forms'),
            cell: (x) =>
              x.forms
                .map((f) => `${f.templateId}: ${f.answers ? JSON.stringify(f.answers) : f.status}`)
                .join('; '),
          },
          {
            label: t('data.col.rating'),
            cell: (x) => (x.rating ? `${x.rating.level} ${x.rating.reason ?? ''}`.trim() : ''),
          },
          { label: t('data.col.time'), cell: (x) => when(x.createdAt) },
        ]}
      />
      {head('data.record.audit')}
      <ReadTable
        name="audit"
        rows={record.audit.map((a, i) => ({ ...a, id: String(i) }))}
        columns={[
          { label: t('data.col.time'), cell: (x) => when(x.at) },
          { label: t('data.col.actor'), cell: (x) => `${x.actorType} ${x.actorId}` },
          { label: t('data.col.action'), cell: (x) => x.action },
        ]}
      />
    </div>
  );
}

/** A read-only list: RecordTable without its edit and active columns (nothing here is edited). */
function ReadTable<T extends { id: string }>({
  name,
  rows,
  columns,
}: {
  name: string;
  rows: readonly T[];
  columns: readonly Column<T>[];
}) {
  const { t } = useI18n();
  if (rows.length === 0) return <p>{t('data.record.none')}</p>;
  return <RecordTable rows={rows} columns={columns} showActive={false} testId={`record-${name}`} />;
}

function EraseForm({
  subject,
  onDone,
  onCancel,
}: {
  subject: Subject;
  onDone: (r: ErasureResult) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState(subject.reason);
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<Result<unknown> | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await call<ErasureResult>('/api/v1/admin/residents/erase', 'POST', {
      idNumber: subject.idNumber,
      reason,
      confirm: confirm.trim().toUpperCase(),
    });
    setProblem(r.ok ? null : r);
    if (r.ok) onDone(r.data);
  };
  return (
    <form className="editor" aria-label={t('residents.erase.title')} onSubmit={(e) => void submit(e)}>
      <h3>{t('residents.erase.title')}</h3>
      <p>{t('residents.erase.warning')}</p>
      <Field label={t('residents.field.reason')}>
        <input name="eraseReason" value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <Field label={t('residents.erase.confirm')}>
        <input
          name="confirm"
          autoComplete="off"
          maxLength={4}
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
        />
      </Field>
      <div className="actions">
        <button type="submit">{t('residents.erase.submit')}</button>
        <button type="button" onClick={onCancel}>
          {t('admin.cancel')}
        </button>
      </div>
      <Problem result={problem} />
    </form>
  );
}

const KEPT: Record<KeptReason, MessageKey> = {
  open_ticket: 'residents.kept.ticket',
  appointment_to_come: 'residents.kept.appointment',
  open_case: 'residents.kept.videoCase',
  open_followup: 'residents.kept.followup',
  legal_hold: 'residents.kept.legalHold',
};

function ErasureAnswer({ result }: { result: ErasureResult }) {
  const { t } = useI18n();
  if (!result.found) return <p role="status">{t('residents.notFound')}</p>;
  const held = result.kept.some((k) => k.reason === 'legal_hold');
  return (
    <div role="status" data-testid="erasure-result">
      <p>{t('residents.erase.done', result.counts)}</p>
      {!result.identityErased && !held && <p>{t('residents.erase.identityKept')}</p>}
      {result.kept.length > 0 && (
        <ul data-testid="erasure-kept">
          {result.kept.map((k) => (
            <li key={`${k.kind}:${k.id}`}>{t(KEPT[k.reason], { id: k.id })}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

/** The record as it was shown, as a JSON file (no ID number in its name). */
function exportJson(record: ResidentRecord) {
  const blob = new Blob([JSON.stringify(record, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `resident-record-${new Date().toISOString().slice(0, 10)}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The printable page is asked for with a POST (the ID number stays out of the URL) and shown from
 * a blob in a new tab, where the browser prints it or saves it as PDF. The blob is revoked after a
 * minute so the data does not stay reachable.
 */
async function openPrintable(subject: Subject, onProblem: (r: Result<unknown> | null) => void) {
  // Opened before the await, while the click still counts as the person's gesture (no popup block).
  const tab = window.open('', '_blank');
  const r = await call<string>('/api/v1/admin/residents/record?format=html', 'POST', subject, 'text');
  onProblem(r.ok ? null : r);
  if (!r.ok) return tab?.close();
  const url = URL.createObjectURL(new Blob([r.data], { type: 'text/html' }));
  if (tab) tab.location.href = url;
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
