import { errorText } from '../../contract/i18n';
import { useI18n } from '../shared/i18n';
import type { Result } from './api';

/** A failed call, told in the person's language, with each bad field (VALIDATION_FAILED) listed. */
export function Problem({ result }: { result: Result<unknown> | null }) {
  const { lang, t } = useI18n();
  if (!result || result.ok) return null;
  return (
    <div role="alert" className="problem" data-testid="problem">
      <p>{result.code === 'VERSION_CONFLICT' ? t('admin.conflict') : errorText[result.code][lang]}</p>
      {result.fields.length > 0 && (
        <ul>
          {result.fields.map((f) => (
            <li key={f.path}>
              <code>{f.path}</code>: {f.message}
            </li>
          ))}
        </ul>
      )}
      {result.fields.length === 0 && result.code !== 'VERSION_CONFLICT' && (
        <p className="detail">{result.message}</p>
      )}
    </div>
  );
}
