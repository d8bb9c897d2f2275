/** One arrival receipt as the phone shows it: the number, the person (ID masked), the community, and the category and until when. */
import type { ArrivalReceipt } from '../core/arrivalWire.ts';
import { keyPersonCategoryName } from '../core/keyPersons.ts';
import { useT } from '../ui/i18n.ts';

export function ArrivalReceiptCard({ receipt }: { receipt: ArrivalReceipt }) {
  const t = useT();
  return (
    <article class="arrival-receipt" data-arrival={receipt.arrivalId} data-category={receipt.category ?? 'none'}>
      <h2>{t('receiptTitle')}</h2>
      <dl>
        <dt>{t('receiptNumber')}</dt><dd class="mono">{receipt.arrivalId}</dd>
        <dt>{t('name')}</dt><dd>{receipt.name} · <span class="mono">{receipt.personId}</span></dd>
        <dt>{t('arriveDay')}</dt><dd>{receipt.arrivalDay}</dd>
        <dt>{t('arriveTo')}</dt><dd>{receipt.areaNames.join(' / ')}</dd>
        <dt>{t('receiptCategory')}</dt>
        <dd class="receipt-category">{receipt.category === null ? t('receiptNoCategory') : keyPersonCategoryName(receipt.category, t.language)}</dd>
        {receipt.until !== null && <><dt>{t('receiptUntil')}</dt><dd class="receipt-until">{receipt.until}</dd></>}
      </dl>
    </article>
  );
}
