import { eventAuthor, movesDeadlines } from './ticket-events.js';

describe('eventAuthor', () => {
  const staff = { id: 'u1', displayName: '王网格', role: 'grid_worker' };

  it('names the staff member whenever the event has an actor', () => {
    expect(eventAuthor({ type: 'filed', actor: staff })).toBe('staff');
    // a supervisor recording the resident's satisfaction on the callback
    expect(eventAuthor({ type: 'rated', actor: staff, data: { satisfaction: 'satisfied' } })).toBe('staff');
  });

  it('names the resident for a filing without staff and for their own rating', () => {
    expect(eventAuthor({ type: 'filed', actor: null, data: {} })).toBe('resident');
    expect(eventAuthor({ type: 'rated', actor: null, data: { satisfaction: 'satisfied', by: 'resident' } })).toBe(
      'resident',
    );
  });

  it('names the system for everything else without an actor', () => {
    for (const type of ['overdue', 'warning', 'escalated', 'dispatched', 'commented', 'archived']) {
      expect(eventAuthor({ type, actor: null, data: { by: 'resident' } })).toBe('system');
    }
    // a rating without an actor that does not say it was the resident's
    expect(eventAuthor({ type: 'rated', actor: null, data: null })).toBe('system');
  });
});

describe('movesDeadlines', () => {
  it('keeps deadlines for comments and ratings, moves them for steps', () => {
    expect(movesDeadlines('commented')).toBe(false);
    expect(movesDeadlines('rated')).toBe(false);
    expect(movesDeadlines('dispatched')).toBe(true);
  });
});
