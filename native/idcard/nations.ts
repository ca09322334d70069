// The 56 nations of GB 3304 as two-digit codes on the resident ID card (hardware.md 1.8; cdGH/Ids
// SAMSerial.cs GetNationText, hevz nation table; 46 is 德昂, hevz's 德昴 is a typo).
// prettier-ignore
const NAMES = [
  '汉', '蒙古', '回', '藏', '维吾尔', '苗', '彝', '壮', '布依', '朝鲜',
  '满', '侗', '瑶', '白', '土家', '哈尼', '哈萨克', '傣', '黎', '傈僳',
  '佤', '畲', '高山', '拉祜', '水', '东乡', '纳西', '景颇', '柯尔克孜', '土',
  '达斡尔', '仫佬', '羌', '布朗', '撒拉', '毛南', '仡佬', '锡伯', '阿昌', '普米',
  '塔吉克', '怒', '乌孜别克', '俄罗斯', '鄂温克', '德昂', '保安', '裕固', '京', '塔塔尔',
  '独龙', '鄂伦春', '赫哲', '门巴', '珞巴', '基诺',
] as const;

export const NATIONS: Readonly<Record<string, string>> = Object.freeze({
  ...Object.fromEntries(NAMES.map((n, i) => [String(i + 1).padStart(2, '0'), n])),
  '97': '其他',
  '98': '外国血统中国籍人士',
});

/** The nation name for a two-digit code, or undefined for a code outside the table. */
export function nationName(code: string): string | undefined {
  return NATIONS[code];
}
