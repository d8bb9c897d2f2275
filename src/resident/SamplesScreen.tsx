/** Demo codes to hold up to the gate tablet: three residents, a damaged code and a foreign one. */
import { checkCharacter } from '../core/idNumber.ts';
import { encodeResidentCode } from '../core/residentCode.ts';
import { QrCode } from '../ui/QrCode.tsx';
import { useT } from '../ui/i18n.ts';

/** A valid ID number made from region, birth date and sequence. */
const idNumber = (first17: string) => first17 + checkCharacter(first17);

const RESIDENTS = [
  { id: idNumber('41120219850312201'), name: '张三', community: '示范社区' },
  { id: idNumber('41120219920728402'), name: '李四', community: '示范社区' },
  { id: idNumber('41120220010101003'), name: '王芳', community: '示范社区' },
];

export function SamplesScreen() {
  const t = useT();
  const codes = RESIDENTS.map((r) => {
    const code = encodeResidentCode(r);
    return { label: `${r.name} · ${r.id}`, text: code.ok ? code.value : '' };
  });
  codes.push({ label: t('sampleDamaged'), text: 'KDR1:6BFOXN*TS0BI$ZD.P9' }, { label: t('sampleUnknown'), text: 'https://health.example.org/code?u=123' });
  return (
    <main class="page samples-screen">
      <h1>{t('samples')}</h1>
      <p>{t('samplesHint')}</p>
      <div class="samples">
        {codes.map((c) => (
          <figure key={c.text}>
            <QrCode text={c.text} label={c.label} />
            <figcaption>{c.label}</figcaption>
          </figure>
        ))}
      </div>
    </main>
  );
}
