import { useState, type ReactNode } from 'react';
import { useI18n } from '../shared/i18n';

// What every record page of /admin/ shares: the table of records (their columns, active or not, and
// an Edit button with the page's own extra actions) and which record is open in the edit panel.

export interface Column<T> {
  label: string;
  cell: (row: T) => ReactNode;
}

export function RecordTable<T extends { id: string; active: boolean }>({
  rows,
  columns,
  onEdit,
  actions,
}: {
  rows: readonly T[];
  columns: readonly Column<T>[];
  onEdit: (row: T) => void;
  /** More buttons after Edit (e.g. a station's enrollment sheet). */
  actions?: (row: T) => ReactNode;
}) {
  const { t } = useI18n();
  return (
    <table>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.label}>{c.label}</th>
          ))}
          <th>{t('admin.active')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            {columns.map((c) => (
              <td key={c.label}>{c.cell(r)}</td>
            ))}
            <td>{r.active ? t('admin.active') : t('admin.inactive')}</td>
            <td>
              <button type="button" onClick={() => onEdit(r)}>
                {t('admin.edit')}
              </button>
              {actions && <> {actions(r)}</>}
            </td>
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
