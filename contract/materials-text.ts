import type { Material } from './catalog';

// A service item's materials as editable text, one a line: "中文 | English | 必需/可选 | 份数 | 原件"
// (the catalogue sheet's column and the admin page's text box, issue 12). A line may stop after any
// column; what it leaves out is kept from the material of the same Chinese name the item had (its
// copies, original/copy flag and note, which the line cannot carry), else the defaults.

export function materialLine(m: Material): string {
  return [
    m.name.zh,
    m.name.en,
    m.required === false ? '可选' : '必需',
    String(m.copies),
    m.original ? '原件' : '复印件',
  ].join(' | ');
}

export function materialsToText(materials: readonly Material[]): string {
  return materials.map(materialLine).join('\n');
}

export function parseMaterials(text: string, previous: readonly Material[] = []): Material[] {
  const before = new Map(previous.map((m) => [m.name.zh, m]));
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l) => {
      const [zh = '', en = '', req = '', copies = '', orig = ''] = l.split('|').map((x) => x.trim());
      const old = before.get(zh);
      const n = Number(copies.replace(/[^\d]/g, ''));
      return {
        name: { zh, en: en || old?.name.en || zh },
        copies: n > 0 ? n : (old?.copies ?? 1),
        original: orig ? orig === '原件' || /original/i.test(orig) : (old?.original ?? false),
        ...(old?.note ? { note: old.note } : {}),
        ...(req
          ? req === '可选' || /optional/i.test(req)
            ? { required: false }
            : {}
          : old?.required === false
            ? { required: false }
            : {}),
      };
    });
}
