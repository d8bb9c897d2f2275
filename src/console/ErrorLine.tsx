/** A failed call in the reader's language, read out by screen readers as it appears. */
import { useT } from '../ui/i18n.ts';
import type { ConsoleError } from './api.ts';

export function ErrorLine({ error }: { error: ConsoleError | null }) {
  const t = useT();
  if (!error) return null;
  return <p class="error" role="alert">{error.words[t.language]}</p>;
}
