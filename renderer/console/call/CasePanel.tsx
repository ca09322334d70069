import { CaseIdentityResponse } from '../../../contract/video';
import { useEffect, useRef, useState } from 'react';
import type { ServiceItem } from '../../../contract/catalog';
import type { IdentifiedBy, TicketOutcome } from '../../../contract/ticket';
import { IdentityBadge, unverified } from '../IdentityBadge';
import { type CaseIdentity, VideoCase } from '../../../contract/video';
import { bilingual } from '../../../contract/i18n';
import { useI18n } from '../../shared/i18n';
import { api } from '../api';
import { Kbd, useShortcut } from '../shortcuts';
import { CaseForms } from './CaseForms';
import { Documents } from './Documents';
import type { AgentCall } from './useAgentCall';

// Beside the call: the verified identity (only while serving; each fetch is audited by the central
// service), the item's materials to tick, requests to the kiosk (checklist, document photo, signature,
// a short form from the catalogue with the answers), case notes and the outcome. Each request and the
// outcome have keys (listed in the console's shortcut help).

const OUTCOMES: TicketOutcome[] = ['done', 'to_window', 'appointment', 'more_materials'];

export function CasePanel(props: {
  call: AgentCall;
  item: ServiceItem | undefined;
  onFinish(o: TicketOutcome, missing: ServiceItem['materials']): void;
  onError(e: unknown): void;
  /** How the ticket's resident was identified: a typed number or a code is not a verified identity. */
  identifiedBy?: IdentifiedBy | null;
}) {
  const { t, lang } = useI18n();
  const c = props.call.current as VideoCase;
  const serving = c.status === 'active' || c.status === 'reconnecting';
  const [fetched, setFetched] = useState<{ caseId: string; identity: CaseIdentity | null } | null>(null);
  const identity = serving && fetched?.caseId === c.id ? fetched.identity : null;
  const [note, setNote] = useState('');
  const [signText, setSignText] = useState('');
  const [outcome, setOutcome] = useState<TicketOutcome>('done');
  const materials = props.item?.materials ?? [];
  const ticked = new Set(c.materialsTicked);

  useEffect(() => {
    if (!serving) return;
    void api(CaseIdentityResponse, 'GET', `/api/v1/video/cases/${c.id}/identity`).then(
      (r) => setFetched({ caseId: c.id, identity: r.identity }),
      () => setFetched(null),
    );
  }, [c.id, serving]);

  const tick = (name: string, on: boolean) => {
    const next = new Set(ticked);
    if (on) next.add(name);
    else next.delete(name);
    void api(VideoCase, 'PUT', `/api/v1/video/cases/${c.id}/materials`, { ticked: [...next] }).then(
      props.call.setCase,
      props.onError,
    );
  };
  const addNote = () =>
    void api(VideoCase, 'POST', `/api/v1/video/cases/${c.id}/notes`, { text: note }).then((v) => {
      props.call.setCase(v);
      setNote('');
    }, props.onError);
  const missing = materials.filter((m) => !ticked.has(m.name.zh));
  const signField = useRef<HTMLInputElement>(null);
  const pushChecklist = () =>
    props.call.push({
      kind: 'checklist',
      title: props.item?.name ?? bilingual('video.push.materials'),
      items: materials.map((m) => m.name),
    });
  const requestDoc = () =>
    props.call.push({ kind: 'document.request', label: bilingual('video.push.idDocument') });
  // Q sends the signature request, or first puts the cursor in its text when that is empty.
  const requestSign = () =>
    signText.trim()
      ? props.call.push({ kind: 'signature.request', text: signText })
      : signField.current?.focus();
  const finish = () => props.onFinish(outcome, outcome === 'more_materials' ? missing : []);
  useShortcut('l', 'console.act.pushChecklist', pushChecklist, serving);
  useShortcut('d', 'console.act.requestDoc', requestDoc, serving);
  useShortcut('q', 'console.act.requestSign', requestSign, serving);
  useShortcut(
    ['1', '2', '3', '4'],
    'console.act.outcome',
    (k) => setOutcome(OUTCOMES[Number(k) - 1]!),
    true,
    '1–4',
  );
  useShortcut('f', 'console.act.finish', finish, serving);

  return (
    <aside className="case-panel" data-testid="case-panel">
      <h3>{t('console.caseNumber', { n: c.caseNumber })}</h3>
      {identity && (
        <div className="identity" data-testid="identity">
          {unverified(props.identifiedBy) ? (
            <IdentityBadge by={props.identifiedBy} testId="case-unverified" />
          ) : (
            <strong>{t('console.identity')}</strong>
          )}
          <span>{identity.name ?? '—'}</span>
          <span>{identity.idMasked}</span>
          {identity.age !== null && <span>{t('console.age', { n: identity.age })}</span>}
          {identity.cardType && <span>{t(`kiosk.tech.cardType.${identity.cardType}`)}</span>}
          <small>{t('console.identityAudit')}</small>
        </div>
      )}
      <fieldset>
        <legend>{t('console.materials')}</legend>
        {materials.map((m) => (
          <label key={m.name.zh}>
            <input
              type="checkbox"
              checked={ticked.has(m.name.zh)}
              disabled={!serving}
              onChange={(e) => tick(m.name.zh, e.target.checked)}
            />
            {m.name[lang]}
          </label>
        ))}
        <button type="button" disabled={!serving} onClick={pushChecklist}>
          {t('console.pushChecklist')} <Kbd k="l" />
        </button>
      </fieldset>
      <div className="requests">
        <button type="button" data-testid="request-doc" disabled={!serving} onClick={requestDoc}>
          {t('console.requestDoc')} <Kbd k="d" />
        </button>
        <input
          ref={signField}
          aria-label={t('console.signText')}
          placeholder={t('console.signText')}
          value={signText}
          onChange={(e) => setSignText(e.target.value)}
        />
        <button
          type="button"
          data-testid="request-sign"
          disabled={!serving || !signText.trim()}
          onClick={requestSign}
        >
          {t('console.requestSign')} <Kbd k="q" />
        </button>
      </div>
      <CaseForms
        vc={c}
        serving={serving}
        onPush={(formId, templateId) => props.call.push({ kind: 'form', formId, templateId })}
        onError={props.onError}
      />
      <Documents documents={props.call.documents} />
      <label className="notes">
        {t('console.notes')}
        <pre>{c.notes}</pre>
        <textarea value={note} onChange={(e) => setNote(e.target.value)} />
        <button type="button" disabled={!note.trim()} onClick={addNote}>
          {t('console.addNote')}
        </button>
      </label>
      <fieldset className="outcome">
        <legend>{t('console.outcome')}</legend>
        {OUTCOMES.map((o) => (
          <label key={o}>
            <input
              type="radio"
              name="outcome"
              value={o}
              checked={outcome === o}
              onChange={() => setOutcome(o)}
            />
            {t(`video.outcome.${o}`)} <Kbd k={String(OUTCOMES.indexOf(o) + 1)} />
          </label>
        ))}
        {outcome === 'more_materials' && (
          <p className="missing" data-testid="missing">
            {t('console.missing')}: {missing.map((m) => m.name[lang]).join('、') || '—'}
          </p>
        )}
        <button type="button" data-testid="finish" disabled={!serving} onClick={finish}>
          {t('console.act.finish')} <Kbd k="f" />
        </button>
      </fieldset>
    </aside>
  );
}
