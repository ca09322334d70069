import { useState, type ReactNode } from 'react';
import { useI18n } from '../shared/i18n';

// What every record page of /admin/ shares: the table of records (their columns, active or not, and
// an Edit button with the page's own extra actions) and which record is open in the edit panel.
// Records that are not edited in a panel (staff, calendar days, a resident's record) leave out the
// Edit button (no onEdit); those without an active flag leave out that column.

export interface Column<T> {
  label: string;
  cell: (row: T) => ReactNode;
}

export function RecordTable<T extends { id: string; active?: boolean }>({
  rows,
  columns,
  onEdit,
  actions,
  showActive = true,
  testId,
}: {
  rows: readonly T[];
  columns: readonly Column<T>[];
  onEdit?: (row: T) => void;
  /** More buttons after Edit (e.g. a station's enrollment sheet). */
  actions?: (row: T) => ReactNode;
  /** The active/inactive column (records that are deactivated, never deleted). */
  showActive?: boolean;
  testId?: string;
}) {
  const { t } = useI18n();
  const buttons = !!onEdit || !!actions;
  return (
    <table data-testid={testId}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.label}>{c.label}</th>
          ))}
          {showActive && <th>{t('admin.active')}</th>}
          {buttons && <th />}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            {columns.map((c) => (
              <td key={c.label}>{c.cell(r)}</td>
            ))}
            {showActive && <td>{r.active ? t('admin.active') : t('admin.inactive')}</td>}
            {buttons && (
              <td>
                {onEdit && (
                  <button type="button" onClick={() => onEdit(r)}>
                    {t('admin.edit')}
                  </button>
                )}
                {onEdit && actions && ' '}
                {actions?.(r)}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The record open in the edit panel ('new' for a new one); `done` closes it and reloads the list. */
export function useEditing<T>(reload: () => void) {
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  return {
    editing,
    /** The record being edited, null for a new one (only meaningful while `editing` is set). */
    record: editing === 'new' ? null : editing,
    edit: (row: T | 'new') => setEditing(row),
    done: () => {
      setEditing(null);
      reload();
    },
    cancel: () => setEditing(null),
  };
}
