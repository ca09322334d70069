import { useState } from 'react';
import type { ServiceItem } from '../../../contract/catalog';
import type { PrintOutcome } from '../../../contract/kiosk';
import { Name } from '../common/Texts';
import { Bi, useI18n } from '../../shared/i18n';
import { BigButton } from '../common/Frame';
import { codeOf, messageOf } from '../doorstep/errors';
import { useDoorstep } from '../doorstep/useDoorstep';
import { useOffline } from '../live/LiveStatus';
import { useSession } from '../session/KioskSession';

/** One item: 一次性告知 (the complete materials list), time limits, print the list, take a number. */
export function ItemDetail({ item, onBack }: { item: ServiceItem; onBack(): void }) {
  const api = useDoorstep();
  const { want } = useSession();
  const { lang } = useI18n();
  const offline = useOffline();
  const [print, setPrint] = useState<PrintOutcome | 'busy' | null>(null);
  const pick = (b: { zh: string; en: string }) => (lang === 'zh' ? [b.zh, b.en] : [b.en, b.zh]);
  const failed = print && print !== 'busy' && !print.printed ? messageOf(print.reason ?? 'INTERNAL') : null;

  return (
    <article className="item-detail" data-testid="item-detail">
      <Name value={item.name} as="h3" />
      <Bi k="kiosk.guide.materials" as="h2" />
      {item.materials.length === 0 && <Bi k="kiosk.guide.noMaterials" as="p" />}
      <ol className="materials" data-testid="materials">
        {item.materials.map((m, n) => {
          return (
            <li key={n}>
              <Name value={m.name} />
              <span className="material-tags">
                <Bi k={m.original ? 'kiosk.guide.original' : 'kiosk.guide.copy'} />
                <Bi k="kiosk.guide.copies" params={{ n: m.copies }} />
              </span>
              {m.note && <span className="material-note">{pick(m.note).join(' · ')}</span>}
            </li>
          );
        })}
      </ol>
      <Bi
        k="kiosk.guide.limits"
        params={{ legal: item.legalLimitDays, promised: item.promisedLimitDays }}
        as="p"
      />
      {item.idCardRequired && <Bi k="kiosk.guide.idRequired" as="p" />}
      {print && print !== 'busy' && print.printed && (
        <div className="notice ok" role="status" data-testid="materials-printed">
          <Bi k="kiosk.guide.printed" />
        </div>
      )}
      {failed && (
        <div className="notice warn" role="alert">
          <span lang="zh-CN">{failed.zh}</span>
          <span lang="en">{failed.en}</span>
        </div>
      )}
      <div className="actions">
        <BigButton kind="secondary" onClick={onBack}>
          <Bi k="common.back" />
        </BigButton>
        <BigButton
          kind="secondary"
          disabled={print === 'busy'}
          testId="print-materials"
          onClick={() => {
            setPrint('busy');
            api
              .call('print.materials', { itemId: item.id })
              .then(setPrint, (err: unknown) => setPrint({ printed: false, reason: codeOf(err) }));
          }}
        >
          <Bi k="kiosk.guide.print" />
        </BigButton>
        {item.channels.includes('window') && (
          <BigButton
            onClick={() => want({ kind: 'take', channel: 'window', itemId: item.id })}
            testId="guide-take"
          >
            <Bi k="kiosk.guide.takeHere" />
          </BigButton>
        )}
        {item.channels.includes('video') && !offline && (
          <BigButton onClick={() => want({ kind: 'take', channel: 'video', itemId: item.id })}>
            <Bi k="kiosk.tile.video" />
          </BigButton>
        )}
      </div>
    </article>
  );
}
