import { renderCard } from '../../../src/cards/renderCard';
import {
  csvParts,
  exportParts,
  voorstelCardView,
  voorstelExportView,
  voteCardView,
} from '../../../src/cards/views/voorstellenViews';
import { castVote, publicView, votesCsv } from '../../../src/domain/voorstellen';
import {
  at,
  conceptVoorstel,
  contact,
  GEMEENTE_ORG,
  must,
  organisation,
  partyOf,
  voorstelInStemming,
} from './fixtures';

describe('voorstel cards', () => {
  it('a broadcast card is built from the public view only: confidential parts never reach it', () => {
    const voorstel = conceptVoorstel(at('2027-02-01 09:00'));
    const card = JSON.stringify(
      renderCard('voorstelCard', 'nl', voorstelCardView(publicView(voorstel), { mode: 'broadcast' }, 'nl')),
    );
    expect(voorstel.confidentialParts[0]?.text).toContain('71,43');
    expect(card).not.toContain('71,43');
    expect(card).not.toContain('Kostprijs');
  });

  it('shortens a long text on a broadcast card and offers the full voorstel', () => {
    const voorstel = conceptVoorstel(at('2027-02-01 09:00'), {
      title: 'Lang',
      summary: 's',
      text: 'woord '.repeat(2000),
      type: 'overig',
      percelen: [1],
      origin: 'overlegtafel',
    });
    const card = renderCard(
      'voorstelCard',
      'nl',
      voorstelCardView(publicView(voorstel), { mode: 'broadcast' }, 'nl'),
    );
    const json = JSON.stringify(card);
    expect(json).toContain('De tekst is ingekort');
    expect(json).toContain('"verb":"voorstel.show"');
    expect(Buffer.byteLength(json)).toBeLessThan(28 * 1024);
  });

  it('the personal vote card shows the party’s current vote, offers buttons per party and refreshes for the viewer', () => {
    const alfa = organisation('org-alfa', 'Alfa Zorg');
    let voorstel = voorstelInStemming([partyOf(GEMEENTE_ORG), partyOf(alfa)], at('2027-03-01 12:00'));
    voorstel = must(
      castVote(
        voorstel,
        { partyId: alfa.id, choice: 'tegen', idempotencyKey: 'k' },
        contact('p1', alfa, 'vervanger'),
        at('2027-02-20 10:00'),
      ),
    ).voorstel;
    const card = renderCard(
      'voorstelVote',
      'nl',
      voteCardView(
        voorstel,
        publicView(voorstel),
        {
          mode: 'personal',
          refreshUserIds: ['29:abc'],
          viewerParties: [{ partyId: alfa.id, name: alfa.name }],
        },
        'nl',
      ),
    );
    const json = JSON.stringify(card);
    expect(json).toContain('Huidige stem: Tegen, uitgebracht door Persoon p1 (vervanger)');
    expect(json).toContain('"partyId":"org-alfa","choice":"voor"');
    expect(card.refresh).toEqual({
      action: {
        type: 'Action.Execute',
        title: 'Vernieuwen',
        verb: 'voorstel.stemkaart',
        data: { voorstelId: voorstel.id },
      },
      userIds: ['29:abc'],
    });
  });
});

describe('CSV export in parts', () => {
  it('splits at line ends only, keeping every line whole and in order', () => {
    const csv = Array.from({ length: 50 }, (_, i) => `regel ${i},"met\r\neen regeleinde"\r\n`).join('');
    const parts = csvParts(csv, 200);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join('')).toBe(csv);
    parts.forEach((p) => expect(p.endsWith('\r\n')).toBe(true));
  });

  it('pages through votes, then reactions, with the CSV text raw in the input', () => {
    const voorstel = voorstelInStemming([partyOf(GEMEENTE_ORG)], at('2027-03-01 12:00'));
    const parts = exportParts(votesCsv(voorstel), 'Organisatie,Reactie\r\n', 10_000);
    expect(parts.map((p) => p.kind)).toEqual(['votes', 'reactions']);
    const card = renderCard('voorstelExport', 'nl', voorstelExportView(voorstel, parts, 1, 'nl'));
    const input = (card.body as Array<{ id?: string; value?: string }>).find((e) => e.id === 'csv');
    expect(input?.value).toBe(parts[0]?.csv);
    expect(JSON.stringify(card)).toContain('Volgende deel');
  });
});
