import { useState, type FormEvent } from 'react';
import type { AdminItem, AdminSkillGroup } from '../../contract/api/admin-catalog';
import { Category } from '../../contract/catalog';
import { materialsToText, parseMaterials } from '../../contract/materials-text';
import { useI18n } from '../shared/i18n';
import { type Result, call } from './api';
import { Field } from './Field';
import { FormFooter } from './FormFooter';
import { Problem } from './Problem';
import { RecordTable, useEditing } from './RecordTable';
import { useRecords } from './useRecords';

// Service items: names, description, materials (one a line: 中文 | English | 必需/可选 | 份数 | 原件), channel,
// skill group, number prefix, 办理时限 in working days, expected minutes, appointment settings.
// Pinyin initials are shown, computed by central. Deactivate with the active box (never deleted).

// The whole line (份数, 原件) is shown and read back, and what a line cannot say (a note) is kept: a
// save must never change a material the admin did not touch (contract/materials-text.ts).
const materialsText = (i: AdminItem | null) => materialsToText(i?.materials ?? []);

export function ItemsPage() {
  const { t } = useI18n();
  const { rows, reload, problem } = useRecords<AdminItem>('/api/v1/admin/items', 'items');
  const groups = useRecords<AdminSkillGroup>('/api/v1/admin/skill-groups', 'skillGroups').rows;
  const ed = useEditing<AdminItem>(reload);
  return (
    <section>
      <h2>{t('admin.nav.items')}</h2>
      <button type="button" onClick={() => ed.edit('new')}>
        {t('admin.new')}
      </button>
      <Problem result={problem} />
      {ed.editing && <ItemForm item={ed.record} groups={groups} onDone={ed.done} onCancel={ed.cancel} />}
      <RecordTable
        rows={rows}
        onEdit={ed.edit}
        columns={[
          { label: t('admin.field.code'), cell: (i) => i.code },
          {
            label: t('admin.field.nameZh'),
            cell: (i) => (
              <>
                {i.name.zh} <small>{i.name.en}</small>
              </>
            ),
          },
          { label: t('admin.field.initials'), cell: (i) => i.initials },
          { label: t('admin.field.prefix'), cell: (i) => i.ticketPrefix },
          { label: t('admin.field.promisedLimit'), cell: (i) => i.promisedLimitDays },
        ]}
      />
    </section>
  );
}

function ItemForm({
  item,
  groups,
  onDone,
  onCancel,
}: {
  item: AdminItem | null;
  groups: AdminSkillGroup[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [f, setF] = useState({
    code: item?.code ?? '',
    nameZh: item?.name.zh ?? '',
    nameEn: item?.name.en ?? '',
    descZh: item?.description?.zh ?? '',
    descEn: item?.description?.en ?? '',
    category: item?.category ?? 'government',
    channel: item ? (item.channels.length === 2 ? 'both' : item.channels[0]!) : 'window',
    skillGroup: item?.skillGroup ?? groups[0]?.id ?? '',
    prefix: item?.ticketPrefix ?? '',
    legal: String(item?.legalLimitDays ?? 0),
    promised: String(item?.promisedLimitDays ?? 0),
    minutes: String(item?.serviceMinutes ?? ''),
    materials: materialsText(item),
    slot: String(item?.appointment?.slotMinutes ?? ''),
    capacity: String(item?.appointment?.capacity ?? 4),
    horizon: String(item?.appointment?.horizonDays ?? 7),
    active: item?.active ?? true,
  });
  const [version, setVersion] = useState(item?.version ?? 1);
  const [problem, setProblem] = useState<Result<unknown> | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      code: f.code,
      name: { zh: f.nameZh, en: f.nameEn },
      ...(f.descZh ? { description: { zh: f.descZh, en: f.descEn || f.descZh } } : {}),
      category: f.category,
      channels: f.channel === 'both' ? ['window', 'video'] : [f.channel],
      idCardRequired: item?.idCardRequired ?? true,
      materials: parseMaterials(f.materials, item?.materials ?? []),
      legalLimitDays: Number(f.legal),
      promisedLimitDays: Number(f.promised),
      skillGroup: f.skillGroup,
      ticketPrefix: f.prefix,
      ...(f.minutes ? { serviceMinutes: Number(f.minutes) } : {}),
      ...(f.slot
        ? {
            appointment: {
              slotMinutes: Number(f.slot),
              capacity: Number(f.capacity),
              horizonDays: Number(f.horizon),
              // Not on the form: kept as they were (defaults for a new booking setup).
              checkInBeforeMinutes: item?.appointment?.checkInBeforeMinutes ?? 30,
              checkInAfterMinutes: item?.appointment?.checkInAfterMinutes ?? 15,
            },
          }
        : {}),
      active: f.active,
    };
    const r = item
      ? await call(`/api/v1/admin/items/${item.id}`, 'PUT', { ...body, version })
      : await call('/api/v1/admin/items', 'POST', body);
    setProblem(r.ok ? null : r);
    if (r.ok) return onDone();
    if (r.code === 'VERSION_CONFLICT' && item) {
      const fresh = await call<AdminItem>(`/api/v1/admin/items/${item.id}`);
      if (fresh.ok) setVersion(fresh.data.version);
    }
  };
  type K = Exclude<keyof typeof f, 'active'>;
  const text = (k: K, label: string, type = 'text') => (
    <Field label={label}>
      <input name={k} type={type} value={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.value })} />
    </Field>
  );
  return (
    <form className="editor" onSubmit={(e) => void submit(e)} aria-label={t('admin.nav.items')}>
      {text('code', t('admin.field.code'))}
      {text('nameZh', t('admin.field.nameZh'))}
      {text('nameEn', t('admin.field.nameEn'))}
      {text('descZh', t('admin.field.descZh'))}
      {text('descEn', t('admin.field.descEn'))}
      <Field label={t('admin.field.category')}>
        <select
          name="category"
          value={f.category}
          onChange={(e) => setF({ ...f, category: e.target.value as typeof f.category })}
        >
          {Category.options.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </Field>
      <Field label={t('admin.field.channel')}>
        <select name="channel" value={f.channel} onChange={(e) => setF({ ...f, channel: e.target.value })}>
          <option value="window">{t('admin.field.channel.window')}</option>
          <option value="video">{t('admin.field.channel.video')}</option>
          <option value="both">{t('admin.field.channel.both')}</option>
        </select>
      </Field>
      <Field label={t('admin.field.group')}>
        <select
          name="skillGroup"
          value={f.skillGroup}
          onChange={(e) => setF({ ...f, skillGroup: e.target.value })}
        >
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name.zh} ({g.id})
            </option>
          ))}
        </select>
      </Field>
      {text('prefix', t('admin.field.prefix'))}
      {text('legal', t('admin.field.legalLimit'), 'number')}
      {text('promised', t('admin.field.promisedLimit'), 'number')}
      {text('minutes', t('admin.field.minutes'), 'number')}
      <Field label={t('admin.field.materials')} help={t('admin.field.materialsHelp')}>
        <textarea
          name="materials"
          rows={4}
          value={f.materials}
          onChange={(e) => setF({ ...f, materials: e.target.value })}
        />
      </Field>
      {text('slot', t('admin.field.slotMinutes'), 'number')}
      {text('capacity', t('admin.field.capacity'), 'number')}
      {text('horizon', t('admin.field.horizon'), 'number')}
      {item && <p>{`${t('admin.field.initials')}: ${item.initials ?? ''}`}</p>}
      <FormFooter
        active={f.active}
        onActive={(active) => setF({ ...f, active })}
        onCancel={onCancel}
        problem={problem}
      />
    </form>
  );
}
