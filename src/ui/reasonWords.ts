/** A verdict's reasons in words; a colour's says what the colour means by Kadian's rules and what this gate's rule does with it. */
import { COLOURS, type Colour } from '../core/entry.ts';
import { colourVerdict, type Policy } from '../core/policy.ts';
import type { Translate } from './i18n.ts';

const COLOUR_REASON = new RegExp(`^colour-(${COLOURS.join('|')})$`);

/**
 * The words for one stored reason. With the policy in force, a colour's reason goes on with the rule this gate applies
 * ("本卡点规定：黄码 → 禁止通行"): the volunteer reads it out, so it must be this checkpoint's rule, not a fixed text.
 * Stored reasons stay machine names; only their words are made here.
 */
export function reasonWords(reason: string, t: Translate, policy?: Policy): string {
  const colour = COLOUR_REASON.exec(reason)?.[1] as Colour | undefined;
  const words = t.any(reason);
  if (!colour || !policy) return words;
  const [stop, colon] = t.language === 'zh' ? ['。', '：'] : ['. ', ': '];
  return `${words}${stop}${t('ruleHere')}${colon}${t(`seen-${colour}`)} → ${t(colourVerdict(policy, colour))}`;
}
