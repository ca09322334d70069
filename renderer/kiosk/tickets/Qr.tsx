import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { useI18n } from '../../shared/i18n';

/** The ticket's status-page QR code, drawn as SVG (qrcode's browser build). */
export function Qr({ url, number }: { url: string; number: string }) {
  const { t } = useI18n();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then(
      (svg) => live && setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [url]);
  if (!src) return <div className="qr qr-pending" />;
  return <img className="qr" src={src} alt={t('kiosk.ticket.qrAlt', { number })} data-testid="ticket-qr" />;
}
