/** What the CLI's audit line keeps of a command's arguments: never a PIN, a password, or the person a health code names. */
import { describe, expect, it } from 'vitest';
import { maskedArgs } from '../../src/server/cli/audit.ts';

describe('maskedArgs', () => {
  it('masks a PIN and a password, as a separate value or after =', () => {
    expect(maskedArgs('enrol-code', ['--checkpoint', 'c1', '--pin', '2468'])).toEqual(['--checkpoint', 'c1', '--pin', '***']);
    expect(maskedArgs('users', ['add', '--name', 'wang', '--password=secret-words-1'])).toEqual(['add', '--name', 'wang', '--password=***']);
    expect(maskedArgs('lead-pin', ['set', '2468', '--checkpoint', 'c1'])).toEqual(['set', '***', '--checkpoint', 'c1']);
  });

  it("masks the ID number and name of a health code issued by hand, and only there", () => {
    expect(maskedArgs('health-code', ['--id', '110105199001011238', '--name=王五', '--colour', 'red']))
      .toEqual(['--id', '***', '--name=***', '--colour', 'red']);
    expect(maskedArgs('users', ['add', '--name', 'wang'])).toEqual(['add', '--name', 'wang']);
  });
});
