import { describe, expect, it } from 'vitest';
import { messages } from '../../../contract/i18n';
import {
  FORM_TEMPLATES,
  fieldState,
  formReplySchema,
  formTemplate,
  type FormField,
} from '../../../contract/video-forms';

// The form templates and their one validation (the kiosk as the resident types, central on the relay).

const template = (id: string) => formTemplate(id)!;
const field = (t: string, f: string) => template(t).fields.find((x) => x.id === f)!;
const problems = (t: string, values: Record<string, string>) => {
  const r = formReplySchema(template(t)).safeParse(values);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${i.message}`);
};

describe('video form templates', () => {
  it('has every text in the i18n layer and options for every choice', () => {
    const keys = (f: FormField) => [f.label, ...(f.options ?? []).map((o) => o.label)];
    for (const t of FORM_TEMPLATES) {
      for (const k of [t.title, ...t.fields.flatMap(keys)])
        expect(messages, `${t.id} ${k}`).toHaveProperty(k);
      for (const f of t.fields) if (f.type === 'choice') expect(f.options?.length).toBeGreaterThan(1);
    }
  });

  it('judges a phone number as it is typed', () => {
    const phone = field('contact-phone', 'phone');
    expect(fieldState(phone, '')).toBe('empty');
    expect(fieldState(phone, '1391234')).toBe('incomplete');
    expect(fieldState(phone, '13912345678')).toBe('valid');
    expect(fieldState(phone, '12912345678')).toBe('form.bad.phone'); // no 12x mobile numbers
    expect(fieldState(phone, '139123456789')).toBe('form.bad.phone');
    expect(fieldState(phone, '021123')).toBe('incomplete');
    expect(fieldState(phone, '02112345678')).toBe('valid'); // landline with area code
    expect(fieldState(phone, '52345678')).toBe('form.bad.phone'); // no area code
  });

  it('accepts a complete reply and cleans it', () => {
    expect(
      formReplySchema(template('emergency-contact')).parse({
        name: '  王芳 ',
        relation: 'child',
        phone: '13912345678',
      }),
    ).toEqual({ name: '王芳', relation: 'child', phone: '13912345678' });
    expect(formReplySchema(template('household-size')).parse({ members: '04', seniors: '' })).toEqual({
      members: '4',
    });
  });

  it('refuses missing, out-of-range, unknown and not-asked fields with the field and an i18n key', () => {
    expect(problems('household-size', { seniors: '1' })).toEqual(['members:form.bad.required']);
    expect(problems('household-size', { members: '21' })).toEqual(['members:form.bad.range']);
    expect(problems('household-size', { members: '0' })).toEqual(['members:form.bad.range']);
    expect(problems('contact-phone', { phone: '1391234' })).toEqual(['phone:form.bad.phone']);
    expect(problems('contact-phone', { phone: '13912345678', note: 'x' })).toEqual(['note:form.bad.unknown']);
    expect(
      problems('emergency-contact', { name: 'a\u0007', relation: 'friend', phone: '13912345678' }),
    ).toEqual(['name:form.bad.text', 'relation:form.bad.choice']);
    expect(
      problems('emergency-contact', { name: '欧'.repeat(21), relation: 'other', phone: '13912345678' }),
    ).toEqual(['name:form.bad.tooLong']);
    // The address is asked only when it differs from the registered one.
    expect(problems('current-address', { sameAsRegistered: 'no', housing: 'rented' })).toEqual([
      'address:form.bad.required',
    ]);
    expect(
      problems('current-address', { sameAsRegistered: 'yes', housing: 'owned', address: '浦东' }),
    ).toEqual(['address:form.bad.unknown']);
    expect(
      problems('current-address', { sameAsRegistered: 'no', housing: 'rented', address: '张江路88弄3号' }),
    ).toEqual([]);
  });
});
