/** /arrive (入市登记, issue #20): an arriving person registers from their phone; the receipts it was given stay on it and show when it is opened again. */
import { useEffect, useState } from 'preact/hooks';
import type { ArrivalReceipt } from '../core/arrivalWire.ts';
import { loadReceipts, saveReceipt } from '../store/arrival.ts';
import { useT } from '../ui/i18n.ts';
import { LanguageButton } from '../ui/LanguageButton.tsx';
import { ArrivalForm } from './ArrivalForm.tsx';
import { ArrivalReceiptCard } from './ArrivalReceiptCard.tsx';

export function ArriveScreen() {
  const t = useT();
  // null: still reading IndexedDB.
  const [receipts, setReceipts] = useState<ArrivalReceipt[] | null>(null);
  const [adding, setAdding] = useState(false);

  useEffect(() => { void loadReceipts().then(setReceipts); }, []);
  useEffect(() => { document.title = t('arriveTitle'); }, [t]);

  const done = async (receipt: ArrivalReceipt) => {
    await saveReceipt(receipt);
    setReceipts(await loadReceipts());
    setAdding(false);
    window.scrollTo(0, 0);
  };

  if (receipts === null) return <main class="page arrive-screen" />;
  const showForm = adding || receipts.length === 0;
  return (
    <main class="page arrive-screen">
      <header class="page-head"><h1>{t('arriveTitle')}</h1><LanguageButton /></header>
      {showForm ? (
        <>
          <p class="hint">{t('arriveHint')}</p>
          <ArrivalForm onDone={(r) => void done(r)} />
        </>
      ) : (
        <>
          <p role="status">{t('receiptHint')}</p>
          <ul class="arrival-receipts" aria-label={t('receiptKept')}>
            {receipts.map((r) => <li key={r.arrivalId}><ArrivalReceiptCard receipt={r} /></li>)}
          </ul>
          <button class="big secondary" type="button" onClick={() => setAdding(true)}>{t('arriveAnother')}</button>
        </>
      )}
    </main>
  );
}
