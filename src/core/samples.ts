/** The demonstration's sample residents: the /samples page shows their codes, and the server signs their health codes. */
import type { Colour } from './entry.ts';
import { checkCharacter } from './idNumber.ts';

/** A valid ID number made from region, birth date and sequence. */
const idNumber = (first17: string) => first17 + checkCharacter(first17);

export interface SampleResident { id: string; name: string; community: string; colour: Colour }

/** One per colour, so a demo shows the gate pass a green code and stop a yellow and a red one. */
export const SAMPLE_RESIDENTS: readonly SampleResident[] = [
  { id: idNumber('41120219850312201'), name: '张三', community: '示范社区', colour: 'green' },
  { id: idNumber('41120219920728402'), name: '李四', community: '示范社区', colour: 'yellow' },
  { id: idNumber('41120220010101003'), name: '王芳', community: '示范社区', colour: 'red' },
];
