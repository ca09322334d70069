import type { IdentifiedBy } from '../../contract/ticket';
import { useI18n } from '../shared/i18n';

// How a ticket's resident was identified, for the agent (issue 11): a typed ID number or an
// appointment code is anyone's, so the agent checks the ID card at the counter before serving.
// A card read, no identity at all, and rows from before the method was recorded show nothing.

/** Whether staff must check the ID: the person was named by a typed number or a code, not a card. */
export const unverified = (by: IdentifiedBy | null | undefined): boolean => by === 'typed' || by === 'code';

/** `compact` (the queue row): the short word, with the full instruction in the tooltip. */
export function IdentityBadge({
  by,
  testId,
  compact = false,
}: {
  by: IdentifiedBy | null | undefined;
  testId?: string;
  compact?: boolean;
}) {
  const { t } = useI18n();
  if (!unverified(by)) return null;
  const how = t(`console.identifiedBy.${by!}`);
  return (
    <span
      className="flag unverified"
      data-testid={testId ?? 'unverified'}
      data-identified-by={by}
      title={compact ? `${t('console.unverified')}（${how}）` : how}
      role="note"
    >
      {t(compact ? 'console.unverified.short' : 'console.unverified')}
    </span>
  );
}
