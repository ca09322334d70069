import { describe, expect, it } from 'vitest';
import type { Material } from '../../../contract/catalog';
import { materialsToText, parseMaterials } from '../../../contract/materials-text';

// The admin page's materials box (issue 12 bug: saving an item reset every material to one copy, not
// original, and dropped its note). Saving without touching the box must give back the same materials.

const MATERIALS: Material[] = [
  { name: { zh: '身份证', en: 'ID card' }, copies: 1, original: true },
  {
    name: { zh: '户口簿', en: 'Household register' },
    copies: 2,
    original: false,
    note: { zh: '首页及本人页', en: 'Front page and own page' },
  },
  { name: { zh: '照片', en: 'Photo' }, copies: 4, original: true, required: false },
];

describe('materials as editable text', () => {
  it('gives back the same materials when the text is saved untouched', () => {
    const text = materialsToText(MATERIALS);
    expect(text.split('\n')[1]).toBe('户口簿 | Household register | 必需 | 2 | 复印件');
    expect(parseMaterials(text, MATERIALS)).toEqual(MATERIALS);
  });

  it('changes only what the admin changed on a line', () => {
    const text = materialsToText(MATERIALS).replace(
      '照片 | Photo | 可选 | 4 | 原件',
      '照片 | Photo | 必需 | 2 | 原件',
    );
    const out = parseMaterials(text, MATERIALS);
    expect(out[2]).toEqual({ name: { zh: '照片', en: 'Photo' }, copies: 2, original: true });
    expect(out.slice(0, 2)).toEqual(MATERIALS.slice(0, 2));
  });

  it('keeps copies, original and note of a material typed in the short form (中文 | English | 必需/可选)', () => {
    const out = parseMaterials(
      '户口簿 | Household register\n照片 | Photo | 可选\n租房合同 | Tenancy contract | 必需',
      MATERIALS,
    );
    expect(out[0]).toEqual(MATERIALS[1]);
    expect(out[1]).toEqual(MATERIALS[2]);
    // A new material gets the defaults: one copy, a copy (not the original), required.
    expect(out[2]).toEqual({ name: { zh: '租房合同', en: 'Tenancy contract' }, copies: 1, original: false });
  });
});
