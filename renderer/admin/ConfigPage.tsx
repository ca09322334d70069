import { useState } from 'react';
import type { ConfigApplyResult } from '../../contract/api/admin-config';
import { useI18n } from '../shared/i18n';
import { type Result, call } from './api';
import { Field } from './Field';
import { Problem } from './Problem';

// Bulk setup and export: the whole configuration as one JSON document (download, paste back, check
// with a dry run, apply all or nothing), and the catalogue as Excel or CSV with Chinese headers.

export function ConfigPage() {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [result, setResult] = useState<Result<ConfigApplyResult> | null>(null);
  const load = async () => {
    const r = await call<unknown>('/api/v1/admin/config');
    if (r.ok) setText(JSON.stringify(r.data, null, 2));
  };
  const send = async (dryRun: boolean) => {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      setResult({ ok: false, code: 'BAD_REQUEST', status: 400, message: 'not valid JSON', fields: [] });
      return;
    }
    setResult(await call<ConfigApplyResult>(`/api/v1/admin/config${dryRun ? '?dryRun=1' : ''}`, 'POST', doc));
  };
  const r = result?.ok ? result.data : null;
  return (
    <section>
      <h2>{t('admin.nav.config')}</h2>
      <div className="toolbar">
        <button type="button" onClick={() => void load()}>
          {t('admin.config.export')}
        </button>
        <a href="/api/v1/admin/catalog/export?format=xlsx">{t('admin.config.catalogXlsx')}</a>
        <a href="/api/v1/admin/catalog/export?format=csv">{t('admin.config.catalogCsv')}</a>
      </div>
      <Field label="JSON">
        <textarea
          name="config"
          rows={16}
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
        />
      </Field>
      <div className="actions">
        <button type="button" onClick={() => void send(true)}>
          {t('admin.config.dryRun')}
        </button>
        <button type="button" onClick={() => void send(false)}>
          {t('admin.config.apply')}
        </button>
      </div>
      <Problem result={result} />
      {r && (
        <table data-testid="config-result">
          <tbody>
            {(['centres', 'stations', 'items', 'skillGroups', 'staff'] as const).map((k) => (
              <tr key={k}>
                <th>{k}</th>
                <td>
                  {t('admin.config.result', {
                    created: r[k].created.length,
                    changed: r[k].changed.length,
                    deactivated: r[k].deactivated.length,
                  })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
