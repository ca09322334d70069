import { useI18n } from '../shared/i18n';
import type { Result } from './api';
import { Problem } from './Problem';

/** The end of every record form: the active box (deactivate, never delete), save, cancel, the problem. */
export function FormFooter({
  active,
  onActive,
  onCancel,
  problem,
}: {
  active: boolean;
  onActive: (active: boolean) => void;
  onCancel: () => void;
  problem: Result<unknown> | null;
}) {
  const { t } = useI18n();
  return (
    <>
      <label className="check">
        <input name="active" type="checkbox" checked={active} onChange={(e) => onActive(e.target.checked)} />
        {t('admin.active')}
      </label>
      <div className="actions">
        <button type="submit">{t('admin.save')}</button>
        <button type="button" onClick={onCancel}>
          {t('admin.cancel')}
        </button>
      </div>
      <Problem result={problem} />
    </>
  );
}
