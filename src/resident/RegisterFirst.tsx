/** What a resident page says on a phone with nobody registered yet: register first, with the way there. */
import { useT } from '../ui/i18n.ts';
import { navigate } from '../ui/navigate.ts';

export function RegisterFirst() {
  const t = useT();
  return (
    <div class="register-first" data-health="unregistered">
      <p>{t('registerFirst')}</p>
      <a class="button primary" href="/register" onClick={(e) => { e.preventDefault(); navigate('/register'); }}>{t('goRegister')}</a>
    </div>
  );
}
