import { errorText, type Lang, type Message, type MessageKey, messages } from '../../contract/i18n';
import { useI18n } from '../shared/i18n';
import { ApiError } from './api';

// What went wrong, for the agent: the bilingual text of the error code (contract/i18n/errors.ts), both
// languages (the chosen one first), a console hint where the console knows what to do next, and the
// server's detail (field errors, or its message) small below, for a supervisor or technician.

export interface ConsoleError {
  code: string;
  text: Message;
  hint: Message | null;
  detail: string | null;
}

/** An error from an action (ApiError, a signaling error with a code, or anything else) as shown. */
export function consoleError(e: unknown, hint?: MessageKey): ConsoleError {
  // Central away: staff wording (the resident text of UNAVAILABLE sends people to a window), and
  // whether the action may have been carried out (no answer at all) or surely was not (a 5xx).
  if (e instanceof ApiError && e.code === 'UNAVAILABLE') {
    return offlineError(e.status === 0 ? 'console.offline.unconfirmed' : 'console.offline.refused');
  }
  const err = e as { code?: unknown; message?: unknown };
  if (err?.code === 'OFFLINE') return offlineError('console.offline.refused');
  const code = typeof err?.code === 'string' ? err.code : 'INTERNAL';
  const known = (errorText as Record<string, Message>)[code];
  const fields = e instanceof ApiError ? e.fields : [];
  const message = typeof err?.message === 'string' && err.message ? err.message : null;
  return {
    code,
    text: known ?? messages['console.errorUnknown'],
    hint: hint ? messages[hint] : null,
    // The server's words add nothing to a hint that says what to do; field errors always help.
    detail:
      fields.length > 0 ? fields.map((f) => `${f.path}: ${f.message}`).join('; ') : hint ? null : message,
  };
}

/** The action was refused (or its result is unknown) because central cannot be reached. */
export function offlineError(
  key: 'console.offline.refused' | 'console.offline.unconfirmed' = 'console.offline.refused',
): ConsoleError {
  return { code: 'OFFLINE', text: messages[key], hint: null, detail: null };
}

export function ErrorBanner({ error, onDismiss }: { error: ConsoleError; onDismiss(): void }) {
  const { t, lang } = useI18n();
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  const tag = (l: Lang) => (l === 'zh' ? 'zh-CN' : 'en');
  return (
    <div role="alert" className="error" data-testid="error" data-code={error.code}>
      <p className="error-text">
        <span lang={tag(lang)} data-lang={lang}>
          {error.text[lang]}
          {error.hint && ` ${error.hint[lang]}`}
        </span>
        <span className="bi-secondary" lang={tag(other)} data-lang={other}>
          {error.text[other]}
          {error.hint && ` ${error.hint[other]}`}
        </span>
      </p>
      {error.detail && (
        <small className="error-detail" data-testid="error-detail">
          {t('console.errorDetail', { detail: error.detail })}
        </small>
      )}
      <button type="button" onClick={onDismiss}>
        {t('console.dismiss')}
      </button>
    </div>
  );
}
