import type { Response } from 'supertest';
import type { TestUser } from './factories.js';
import type { TestApi } from './test-app.factory.js';

/** The body of a 200 or 201 answer; anything else throws, naming `what` and the answer. */
export function must<T = Response['body']>(res: Pick<Response, 'status' | 'body'>, what: string): T {
  if (res.status !== 200 && res.status !== 201) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Who moves a ticket along the six steps (六联单) in `driveTo`. */
export interface FlowCast {
  /** accepts (受理) and dispatches (派单) */
  desk: TestUser;
  /** claims (认领) and resolves (办结) */
  assignee: TestUser;
  /** verifies (核查) and archives (结案); needed only to go past resolved */
  supervisor?: TestUser;
  /** the resolution text, '已处理' unless given */
  result?: string;
}

export type TicketClient = ReturnType<typeof ticketClient>;

/**
 * Staff requests on tickets through the real HTTP stack. Takes the api lazily so that a spec
 * can make its client next to its helpers and boot the api in `beforeAll`.
 */
export function ticketClient(api: () => TestApi) {
  const file = (user: TestUser, body: object) => user.auth(api().http().post('/api/v1/tickets')).send(body);
  const act = (user: TestUser, id: string, action: string, body: object = {}) =>
    user.auth(api().http().post(`/api/v1/tickets/${id}/${action}`)).send(body);
  const get = (user: TestUser, id: string) => user.auth(api().http().get(`/api/v1/tickets/${id}`));

  /**
   * Moves `ticket` along the happy path — accept, dispatch, claim, resolve, verify, archive —
   * until it is at `status`; returns the body of the last answer (the ticket itself if no
   * step was needed). Throws on any answer but 200.
   */
  async function driveTo<T extends { id: string; status: string }>(ticket: T, status: string, cast: FlowCast) {
    const steps: [TestUser | undefined, string, object][] = [
      [cast.desk, 'accept', {}],
      [cast.desk, 'dispatch', { assigneeId: cast.assignee.id }],
      [cast.assignee, 'claim', {}],
      [cast.assignee, 'resolve', { result: cast.result ?? '已处理' }],
      [cast.supervisor, 'verify', { outcome: 'pass' }],
      [cast.supervisor, 'archive', {}],
    ];
    let t = ticket;
    for (const [user, action, body] of steps) {
      if (t.status === status) break;
      if (!user) throw new Error(`driving to ${status}: ${action} needs a supervisor in the cast`);
      t = must<T>(await act(user, t.id, action, body), `${action} (driving to ${status})`);
    }
    return t;
  }

  return { file, act, get, driveTo };
}
