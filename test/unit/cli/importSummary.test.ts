import { dryRunSummary, importSummary, lineErrorText } from '../../../src/cli/importSummary';
import { parseOrganisationsCsv } from '../../../src/domain/registry/csvImport';

describe('the import summary says one and many correctly, in the terminal language', () => {
  it('singular for one', () => {
    expect(dryRunSummary(1, 1, 'nl')).toBe(
      'Proefrun: 1 organisatie geldig, 1 regel met fouten. Er is niets opgeslagen.',
    );
    expect(dryRunSummary(1, 1, 'en')).toBe(
      'Dry run: 1 valid organisation, 1 line with errors. Nothing was saved.',
    );
    expect(importSummary({ created: 1, updated: 0, unchanged: 0 }, 1, 'nl')).toBe(
      'Klaar: 1 nieuw, 0 bijgewerkt, 0 ongewijzigd, 1 regel met fouten.',
    );
    expect(importSummary({ created: 1, updated: 0, unchanged: 0 }, 1, 'en')).toBe(
      'Done: 1 new, 0 updated, 0 unchanged, 1 line with errors.',
    );
  });

  it('plural for none and for more than one', () => {
    expect(dryRunSummary(0, 2, 'nl')).toBe(
      'Proefrun: 0 organisaties geldig, 2 regels met fouten. Er is niets opgeslagen.',
    );
    expect(dryRunSummary(0, 2, 'en')).toBe(
      'Dry run: 0 valid organisations, 2 lines with errors. Nothing was saved.',
    );
    expect(importSummary({ created: 3, updated: 2, unchanged: 1 }, 0, 'nl')).toContain('0 regels met fouten');
    expect(importSummary({ created: 3, updated: 2, unchanged: 1 }, 0, 'en')).toContain('0 lines with errors');
  });

  it('names a bad line by number with its problems in one language', () => {
    const [error] = parseOrganisationsCsv('naam;soort;percelen\nKapot;aanbieder;7').errors;
    expect(lineErrorText(error!, 'nl')).toMatch(
      /^Regel 2: Percelen moeten nummers van 1 tot en met 5 zijn\. /,
    );
    expect(lineErrorText(error!, 'en')).toMatch(/^Line 2: \S/);
    expect(lineErrorText(error!, 'en')).not.toContain('Percelen moeten');
  });
});
