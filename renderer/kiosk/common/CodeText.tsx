import { useI18n } from '../../shared/i18n';
import { messageOf } from '../doorstep/errors';

/** The bilingual text of an error or device code: what happened and what to do next. */
export function CodeText({ code }: { code: string }) {
  const { lang } = useI18n();
  const m = messageOf(code);
  const [first, second] = lang === 'zh' ? [m.zh, m.en] : [m.en, m.zh];
  return (
    <span className="bi" data-code={code}>
      <span className="bi-primary" lang={lang === 'zh' ? 'zh-CN' : 'en'}>
        {first}
      </span>
      <span className="bi-secondary" lang={lang === 'zh' ? 'en' : 'zh-CN'}>
        {second}
      </span>
    </span>
  );
}

/** The device code behind a printer state that stops printing. */
export function printerCode(state: string | undefined): string {
  switch (state) {
    case 'paper_out':
      return 'DEVICE_PAPER_OUT';
    case 'cover_open':
      return 'DEVICE_COVER_OPEN';
    case 'offline':
      return 'DEVICE_OFFLINE';
    case 'no_device':
      return 'DEVICE_NOT_FOUND';
    default:
      return 'DEVICE_PRINTER_ERROR';
  }
}
