/** The household's persons as big buttons with their names: whose check-in, code, travel or request this is. */
import type { HouseholdPerson } from '../core/residentWire.ts';
import { useT } from '../ui/i18n.ts';

export function PersonPicker({ persons, chosen, onChoose }: { persons: readonly HouseholdPerson[]; chosen: string | null; onChoose: (id: string) => void }) {
  const t = useT();
  if (persons.length < 2) return null;
  return (
    <div class="person-picker" role="group" aria-label={t('choosePerson')}>
      {persons.map((p) => (
        <button key={p.id} type="button" class={p.id === chosen ? 'primary' : 'secondary'} aria-pressed={p.id === chosen} data-person={p.id}
          onClick={() => onChoose(p.id)}>
          {p.name}
          {p.colour && <span class={`dot colour-${p.colour}`} aria-hidden="true" />}
        </button>
      ))}
    </div>
  );
}

/** The chosen person, or the first: a household of one needs no choosing. */
export const chosenPerson = (persons: readonly HouseholdPerson[], chosen: string | null): HouseholdPerson | null =>
  persons.find((p) => p.id === chosen) ?? persons[0] ?? null;
