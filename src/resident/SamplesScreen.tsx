/** Demo codes to hold up to the gate tablet: the sample residents' codes and health codes (one per colour), a damaged code, a foreign one. */
import { useEffect, useState } from 'preact/hooks';
import { encodeResidentCode } from '../core/residentCode.ts';
import { SAMPLE_RESIDENTS } from '../core/samples.ts';
import { sampleHealthCodes, type SampleHealthCode } from '../sync/api.ts';
import { QrCode } from '../ui/QrCode.tsx';
import { useT } from '../ui/i18n.ts';
import { LanguageButton } from '../ui/LanguageButton.tsx';

function Sample({ text, label, kind }: { text: string; label: string; kind: string }) {
  return (
    <figure data-sample={kind}>
      <QrCode text={text} label={label} />
      <figcaption>{label}</figcaption>
    </figure>
  );
}

export function SamplesScreen() {
  const t = useT();
  // Signed by the server, like any health code: fetched, and named as missing without a network.
  const [health, setHealth] = useState<SampleHealthCode[] | 'unavailable' | null>(null);
  useEffect(() => { void sampleHealthCodes().then((r) => setHealth(r.ok ? r.value.codes : 'unavailable')); }, []);
  const residents = SAMPLE_RESIDENTS.map((r) => {
    const code = encodeResidentCode({ id: r.id, name: r.name, community: r.community });
    return { id: r.id, label: `${r.name} · ${t('kind-KDR1')} · ${r.id}`, text: code.ok ? code.value : '' };
  });
  const healthOf = (id: string) => (Array.isArray(health) ? health.find((h) => h.id === id) : undefined);
  return (
    <main class="page samples-screen">
      <header class="page-head"><h1>{t('samples')}</h1><LanguageButton /></header>
      <p>{t('samplesHint')}</p>
      <div class="samples">
        {/* Each person's two codes side by side: shown one after the other at the gate, they are a matching pair. */}
        {residents.map((c) => {
          const h = healthOf(c.id);
          return [
            <Sample key={c.text} kind="resident" text={c.text} label={c.label} />,
            h && <Sample key={h.code} kind={`health-${h.colour}`} text={h.code} label={`${h.name} · ${t('kind-KDH1')} · ${t(`seen-${h.colour}`)}`} />,
          ];
        })}
        <Sample kind="damaged" text="KDR1:6BFOXN*TS0BI$ZD.P9" label={t('sampleDamaged')} />
        <Sample kind="unknown" text="https://health.example.org/code?u=123" label={t('sampleUnknown')} />
      </div>
      {health === 'unavailable' && <p class="error" role="status">{t('samplesUnavailable')}</p>}
    </main>
  );
}
