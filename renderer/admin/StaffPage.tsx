import { useState, type FormEvent } from 'react';
import type { AdminStaff, PasswordReset } from '../../contract/api/admin-staff';
import type { AdminCentre } from '../../contract/api/admin-places';
import { useI18n } from '../shared/i18n';
import { type Result, call } from './api';
import { Field } from './Field';
import { FormFooter } from './FormFooter';
import { Problem } from './Problem';
import { RecordTable } from './RecordTable';
import { useRecords } from './useRecords';

// Staff: list, create, enable/disable, reset password (a one-time password shown once; the person
// must set a new one at the next sign-in). No answer of central ever carries a password hash.

export function StaffPage() {
  const { t } = useI18n();
  const { rows, reload, problem } = useRecords<AdminStaff>('/api/v1/admin/staff', 'staff');
  const centres = useRecords<AdminCentre>('/api/v1/admin/centres', 'centres').rows;
  /** The answer to the last act on a listed account (enable/disable, reset). */
  const [result, setResult] = useState<Result<unknown> | null>(null);
  /** The answer to the last create (shown under the form). */
  const [created, setCreated] = useState<Result<unknown> | null>(null);
  const [temp, setTemp] = useState<string | null>(null);
  const [f, setF] = useState({ username: '', displayName: '', role: 'agent', centreId: '', password: '' });
  const create = async (e: FormEvent) => {
    e.preventDefault();
    const r = await call('/api/v1/admin/staff/accounts', 'POST', {
      username: f.username,
      displayName: f.displayName,
      role: f.role,
      centreIds: [f.centreId || centres[0]?.id],
      password: f.password,
    });
    setCreated(r.ok ? null : r);
    if (r.ok) reload();
  };
  const toggle = async (s: AdminStaff) => {
    const { id: _id, username: _u, mustChangePassword: _m, ...rest } = s;
    setResult(await call(`/api/v1/admin/staff/${s.id}`, 'PUT', { ...rest, active: !s.active }));
    reload();
  };
  const reset = async (s: AdminStaff) => {
    const r = await call<PasswordReset>(`/api/v1/admin/staff/${s.id}/reset-password`, 'POST');
    setResult(r);
    if (r.ok) setTemp(r.data.temporaryPassword);
    reload();
  };
  return (
    <section>
      <h2>{t('admin.nav.staff')}</h2>
      <Problem result={problem ?? result} />
      {temp && (
        <p role="status" className="notice">
          {t('admin.staff.resetDone', { password: temp })}
        </p>
      )}
      <form className="editor inline" onSubmit={(e) => void create(e)} aria-label={t('admin.nav.staff')}>
        <Field label={t('admin.field.username')}>
          <input
            name="username"
            value={f.username}
            onChange={(e) => setF({ ...f, username: e.target.value })}
          />
        </Field>
        <Field label={t('admin.field.displayName')}>
          <input
            name="displayName"
            value={f.displayName}
            onChange={(e) => setF({ ...f, displayName: e.target.value })}
          />
        </Field>
        <Field label={t('admin.field.role')}>
          <select name="role" value={f.role} onChange={(e) => setF({ ...f, role: e.target.value })}>
            <option>agent</option>
            <option>supervisor</option>
            <option>admin</option>
          </select>
        </Field>
        <Field label={t('admin.field.centres')}>
          <select
            name="centreId"
            value={f.centreId}
            onChange={(e) => setF({ ...f, centreId: e.target.value })}
          >
            {centres.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name.zh}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('admin.field.password')}>
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            value={f.password}
            onChange={(e) => setF({ ...f, password: e.target.value })}
          />
        </Field>
        <FormFooter submitLabel={t('admin.new')} problem={created} />
      </form>
      <RecordTable
        rows={rows}
        columns={[
          { label: t('admin.field.username'), cell: (s) => s.username },
          { label: t('admin.field.displayName'), cell: (s) => s.displayName },
          {
            label: t('admin.field.role'),
            cell: (s) => `${s.role}${s.districtAdmin ? ` · ${t('admin.field.districtAdmin')}` : ''}`,
          },
          { label: t('admin.field.centres'), cell: (s) => s.centreIds.join(', ') },
        ]}
        actions={(s) => (
          <>
            <button type="button" onClick={() => void toggle(s)}>
              {s.active ? t('admin.deactivate') : t('admin.activate')}
            </button>{' '}
            <button type="button" onClick={() => void reset(s)}>
              {t('admin.staff.reset')}
            </button>
          </>
        )}
      />
    </section>
  );
}
