import type { Bilingual } from '../../../contract/catalog';
import { printerProblemCode } from '../../../contract/device-problems';
import type { KioskDeviceStatus } from '../../../contract/kiosk';

type PrinterState = KioskDeviceStatus['printer']['state'];
import { useI18n } from '../../shared/i18n';
import { messageOf } from '../doorstep/errors';

// Bilingual text that comes from data rather than the message catalogue: names of items and places,
// and the texts of error and device codes. The chosen language first, the other below it.

function Both({ first, second, code }: { first: string; second: string; code?: string }) {
  const { lang } = useI18n();
  return (
    <>
      <span className="bi-primary" lang={lang === 'zh' ? 'zh-CN' : 'en'} data-code={code}>
        {first}
      </span>
      <span className="bi-secondary" lang={lang === 'zh' ? 'en' : 'zh-CN'}>
        {second}
      </span>
    </>
  );
}

/** A bilingual name from the data (a service item, a station). */
export function Name({ value, as: Tag = 'span' }: { value: Bilingual; as?: 'span' | 'h3' }) {
  const { lang } = useI18n();
  const [first, second] = lang === 'zh' ? [value.zh, value.en] : [value.en, value.zh];
  return (
    <Tag className="bi">
      <Both first={first} second={second} />
    </Tag>
  );
}

/** The text of an error or device code: what happened and what to do next. */
export function CodeText({ code }: { code: string }) {
  const { lang } = useI18n();
  const m = messageOf(code);
  const [first, second] = lang === 'zh' ? [m.zh, m.en] : [m.en, m.zh];
  return (
    <span className="bi" data-code={code}>
      <Both first={first} second={second} />
    </span>
  );
}

/** The device code behind a printer state that stops printing (the one table in contract/). */
export function printerCode(state: PrinterState | undefined): string {
  return printerProblemCode(state);
}
