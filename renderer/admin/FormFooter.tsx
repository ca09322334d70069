import { useI18n } from '../shared/i18n';
import type { Result } from './api';
import { Problem } from './Problem';

/**
 * The end of every record form: the active box (deactivate, never delete), save, cancel, the problem.
 * A form that adds records in a row above the list (staff, calendar days) has no active box or cancel
 * and names its button (New).
 */
export function FormFooter({
  active,
  onActive,
  onCancel,
  problem,
  submitLabel,
}: {
  active?: boolean;
  onActive?: (active: boolean) => void;
  onCancel?: () => void;
  problem: Result<unknown> | null;
  submitLabel?: string;
}) {
  const { t } = useI18n();
  return (
    <>
      {active !== undefined && onActive && (
        <label className="check">
          <input
            name="active"
            type="checkbox"
            checked={active}
            onChange={(e) => onActive(e.target.checked)}
          />
          {t('admin.active')}
        </label>
      )}
      <div className="actions">
        <button type="submit">{submitLabel ?? t('admin.save')}</button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('admin.cancel')}
          </button>
        )}
      </div>
      <Problem result={problem} />
    </>
  );
}
