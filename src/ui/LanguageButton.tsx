/** 中文 / EN: in each screen's own header, so it never covers a verdict, a QR code or the checkpoint's name. */
import { useContext } from 'preact/hooks';
import { LanguageContext, useT } from './i18n.ts';

export function LanguageButton() {
  const t = useT();
  const { language, setLanguage } = useContext(LanguageContext);
  return (
    <button class="language secondary" lang={language === 'zh' ? 'en' : 'zh-CN'} onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')}>
      {t('switchLanguage')}
    </button>
  );
}
