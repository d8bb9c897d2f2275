/** Resident self-registration (居民信息填报): a form that makes the resident code, offline, kept on the phone. */
import { useState } from 'preact/hooks';
import { encodeResidentCode, type Resident } from '../core/residentCode.ts';
import { QrCode } from '../ui/QrCode.tsx';
import { useT } from '../ui/i18n.ts';
import { IdNumberInput, Required } from '../ui/IdNumberInput.tsx';
import { LanguageButton } from '../ui/LanguageButton.tsx';
import { loadResidentCode, saveResidentCode } from './residentStore.ts';

const OPTIONAL = ['phone', 'community', 'address'] as const;

export function RegisterScreen() {
  const t = useT();
  const [code, setCode] = useState<string | null>(loadResidentCode);
  const [form, setForm] = useState<Resident>({ id: '', name: '' });
  const [error, setError] = useState<string | null>(null);

  const submit = (e: Event) => {
    e.preventDefault();
    const result = encodeResidentCode(form);
    if (!result.ok) { setError(result.error); return; }
    saveResidentCode(result.value);
    setError(null);
    setCode(result.value);
  };

  if (code) {
    return (
      <main class="page register-screen">
        <header class="page-head"><h1>{t('yourCode')}</h1><LanguageButton /></header>
        <QrCode text={code} label={t('yourCode')} />
        <p>{t('showAtGate')}</p>
        <button class="big secondary" onClick={() => setCode(null)}>{t('editRegistration')}</button>
      </main>
    );
  }
  return (
    <main class="page register-screen">
      <header class="page-head"><h1>{t('register')}</h1><LanguageButton /></header>
      <form onSubmit={submit}>
        <label>{t('name')} <Required />
          <input name="name" required maxLength={64} value={form.name} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
        </label>
        <IdNumberInput value={form.id} onInput={(id) => setForm({ ...form, id })} />
        {OPTIONAL.map((field) => (
          <label key={field}>{t(field)}
            <input
              name={field}
              inputMode={field === 'phone' ? 'tel' : 'text'}
              maxLength={field === 'address' ? 200 : field === 'phone' ? 32 : 64}
              value={form[field] ?? ''}
              onInput={(e) => setForm({ ...form, [field]: e.currentTarget.value })}
            />
          </label>
        ))}
        {error && <p class="error" role="alert" data-error={error}>{t.any(error)}</p>}
        <button class="big primary" type="submit">{t('makeCode')}</button>
      </form>
    </main>
  );
}
