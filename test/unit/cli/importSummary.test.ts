import { dryRunSummary, importSummary } from '../../../src/cli/importSummary';

describe('the import summary says one and many correctly, in Dutch and English', () => {
  it('singular for one', () => {
    expect(dryRunSummary(1, 1)).toBe(
      'Proefrun: 1 organisatie geldig, 1 regel met fouten. Er is niets opgeslagen.\n' +
        'Dry run: 1 valid organisation, 1 line with errors. Nothing was saved.',
    );
    expect(importSummary({ created: 1, updated: 0, unchanged: 0 }, 1)).toBe(
      'Klaar: 1 nieuw, 0 bijgewerkt, 0 ongewijzigd, 1 regel met fouten.\n' +
        'Done: 1 new, 0 updated, 0 unchanged, 1 line with errors.',
    );
  });

  it('plural for none and for more than one', () => {
    expect(dryRunSummary(0, 2)).toBe(
      'Proefrun: 0 organisaties geldig, 2 regels met fouten. Er is niets opgeslagen.\n' +
        'Dry run: 0 valid organisations, 2 lines with errors. Nothing was saved.',
    );
    expect(importSummary({ created: 3, updated: 2, unchanged: 1 }, 0)).toContain('0 regels met fouten');
    expect(importSummary({ created: 3, updated: 2, unchanged: 1 }, 0)).toContain('0 lines with errors');
  });
});
