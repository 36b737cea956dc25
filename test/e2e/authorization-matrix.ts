/**
 * The authorisation matrix: every endpoint × every caller × in scope / out of scope, and the
 * status each must answer. authorization-matrix.e2e-spec.ts sends every cell against the real
 * API; it fails when a cell answers otherwise, when an operation of /docs-json has no row, or
 * when a row names a route /docs-json does not have (unless listed in UNDOCUMENTED_ROUTES).
 *
 * The rules (API.md "Conventions"): no token → 401, except the public routes; a resource out of
 * the caller's scope → 404, never 403, so existence does not leak; in scope but not this role's
 * (or this user's) action → 403. Admin-only and role-limited endpoints (@Roles) refuse the other
 * roles with 403 before anything is looked up, so for them the answer is 403 in and out of scope.
 *
 * How to read a row:
 *   [route, { answer of each caller, in scope }, { outOfScope: … }?]
 * - The callers are one user of each role scoped to community 1 (the grid worker to its first grid;
 *   the admin to community 1's township, the smallest unit under which an admin can create org
 *   units) and `anon`, a request without a token.
 * - In scope: the request names a resource (ticket, grid, worker, webhook, …) in that grid, or for
 *   a list a filter inside the scope. Out of scope: the same request naming a resource in a
 *   community of the other township, which none of the callers can see.
 * - `outOfScope: 404`: every role answers 404 out of scope. `outOfScope: { admin: 404 }`: the named
 *   roles answer that out of scope; the others answer as in scope (the role guard's 403).
 *   No `outOfScope`: the route has nothing scoped (the catalogue, the calendar, public routes, lists
 *   of one's own things).
 * - A reference to something out of scope in a request body (a grid to file under, a scope to give
 *   a user) is treated like an unknown one: 400 VALIDATION_FAILED, as API.md says for `assigneeId`.
 * - A list filtered to a unit out of scope is an empty page (200): a list only ever holds rows in
 *   scope, so nothing leaks. Statistics and the other "about this unit" queries answer 404.
 * - `department_staff` (职能部门人员) sits at the test city's county with a department of it: every place is in
 *   its scope, so it has no out-of-scope cell; it sees only its department's tickets, and none of the fixtures'
 *   tickets is with a department, so every ticket, its actions and its attachments answer it 404 (seesTicket;
 *   a department's own tickets: departments.e2e-spec.ts).
 * - Ticket actions: the table in libs/domain/src/ticket-flow.ts. The fixtures dispatch every ticket
 *   to the party member, so "the assignee" rows are the party member's; anyone else gets 403.
 */

export const ROLES = ['admin', 'supervisor', 'dispatcher', 'grid_worker', 'party_member', 'department_staff'] as const;
export type MatrixRole = (typeof ROLES)[number];
export const CALLERS = [...ROLES, 'anon'] as const;
export type Caller = (typeof CALLERS)[number];

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** `METHOD /path` with `:name` for path parameters (Express style; /docs-json has `{name}`). */
export type Route = `${Method} /${string}`;
export type Answers = Record<Caller, number>;
export interface Scoped {
  outOfScope: number | Partial<Record<MatrixRole, number>>;
}
export type MatrixRow = readonly [route: Route, inScope: Answers, scoped?: Scoped];

/** The ticket actions that have a batch route, `POST /api/v1/tickets/batch/<segment>` (as `POST /tickets/:id/<segment>`). */
export const BATCH_SEGMENTS = [
  'accept',
  'dispatch',
  'claim',
  'decline',
  'resolve',
  'verify',
  'archive',
  'reject',
  'escalate',
  'comments',
] as const;

/** Routes that are deliberately not in the OpenAPI document (operations, the document itself). */
export const UNDOCUMENTED_ROUTES: readonly Route[] = [
  'GET /metrics',
  'GET /docs',
  'GET /docs-json',
  'GET /admin/queues',
];

/**
 * Out of scope answers 403 only where the role is refused whatever the resource — and for these
 * creations: a new code outside the admin's scope is refused before anything is looked up, so
 * the 403 cannot tell whether the code or its parent exists (grids and org-units e2e specs).
 */
export const CREATE_OUTSIDE_SCOPE_IS_403: readonly Route[] = ['POST /api/v1/org-units', 'POST /api/v1/grids'];

// prettier-ignore
export const MATRIX: readonly MatrixRow[] = [
  // ── operations (outside /api/v1) ───────────────────────────────────────────────────────────────────────────────────
  ['GET /health',                                               { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 200 }],
  // no worker runs in this test: the probe job is never finished → 503; the point is that it is public
  ['GET /health/queue',                                         { admin: 503, supervisor: 503, dispatcher: 503, grid_worker: 503, party_member: 503, department_staff: 503, anon: 503 }],
  ['GET /metrics',                                              { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 200 }],
  ['GET /docs',                                                 { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 200 }],
  ['GET /docs-json',                                            { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 200 }],
  ['GET /admin/queues',                                         { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }],

  // ── auth and users ─────────────────────────────────────────────────────────────────────────────────────────────────
  ['POST /api/v1/auth/login',                                   { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 200 }],
  ['GET /api/v1/auth/me',                                       { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 401 }],
  ['POST /api/v1/users',                                        { admin: 201, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 400 } }],
  ['GET /api/v1/users',                                         { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 200 } }],
  ['GET /api/v1/users/:id',                                     { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404 } }],
  ['PATCH /api/v1/users/:id',                                   { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404 } }],
  ['POST /api/v1/users/:id/reset-password',                     { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404 } }],

  // ── organisation and grids ─────────────────────────────────────────────────────────────────────────────────────────
  ['POST /api/v1/org-units',                                    { admin: 201, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 403 } }],
  ['GET /api/v1/org-units',                                     { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 401 }],
  ['DELETE /api/v1/org-units/:code',                            { admin: 204, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404 } }],
  ['GET /api/v1/org-units/:code',                               { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 401 }, { outOfScope: 404 }],
  ['PATCH /api/v1/org-units/:code',                             { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404 } }],
  // 职能部门 of the county: every caller sits under it. A department sits under a county or city, so the matrix's
  // admin (a township's) names a parent outside its scope (400, a body reference) and cannot change one (404).
  ['GET /api/v1/departments',                                   { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 401 }],
  ['GET /api/v1/departments/:code',                             { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 401 }],
  ['POST /api/v1/departments',                                  { admin: 400, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }],
  ['PATCH /api/v1/departments/:code',                           { admin: 404, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }],
  ['POST /api/v1/grids',                                        { admin: 201, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 403 } }],
  ['GET /api/v1/grids',                                         { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 401 }, { outOfScope: 200 }],
  // a point in a grid out of scope is "outside every grid in your scope"
  ['GET /api/v1/grids/locate',                                  { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 401 }, { outOfScope: 404 }],
  ['POST /api/v1/grids/merge',                                  { admin: 201, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404 } }],
  ['GET /api/v1/grids/:code',                                   { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 401 }, { outOfScope: 404 }],
  ['PATCH /api/v1/grids/:code',                                 { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404 } }],
  ['GET /api/v1/grids/:code/sign-board',                        { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 401 }, { outOfScope: 404 }],
  ['GET /api/v1/grids/:code/history',                           { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 401 }, { outOfScope: 404 }],
  ['POST /api/v1/grids/:code/retire',                           { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404 } }],
  ['POST /api/v1/grids/:code/split',                            { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404 } }],

  // ── workforce ──────────────────────────────────────────────────────────────────────────────────────────────────────
  ['POST /api/v1/workers',                                      { admin: 201, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 400 } }],
  ['GET /api/v1/workers',                                       { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 401 }, { outOfScope: 200 }],
  ['GET /api/v1/workers/:id',                                   { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 401 }, { outOfScope: 404 }],
  ['PATCH /api/v1/workers/:id',                                 { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404 } }],
  ['POST /api/v1/workers/:id/trainings',                        { admin: 201, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404 } }],
  ['POST /api/v1/workers/:id/honours',                          { admin: 201, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404 } }],
  ['POST /api/v1/workers/:id/liaison-households',               { admin: 201, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404 } }],
  ['POST /api/v1/police-pairings',                              { admin: 201, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 400 } }],
  ['GET /api/v1/police-pairings',                               { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 401 }, { outOfScope: 200 }],

  // ── matter catalogue and working calendar (one for the whole deployment: nothing scoped) ─────────────────────────
  ['GET /api/v1/catalog',                                       { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 401 }],
  ['POST /api/v1/catalog/items',                                { admin: 201, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }],
  ['GET /api/v1/catalog/items/:code',                           { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 401 }],
  ['POST /api/v1/catalog/items/:code/approve',                  { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }],
  ['POST /api/v1/catalog/items/:code/retire',                   { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }],
  ['GET /api/v1/calendar/days',                                 { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 401 }],
  ['PUT /api/v1/calendar/days/:date',                           { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }],
  ['DELETE /api/v1/calendar/days/:date',                        { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }],
  ['GET /api/v1/calendar/due',                                  { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 401 }],

  // ── tickets ────────────────────────────────────────────────────────────────────────────────────────────────────────
  ['GET /api/v1/tickets/export.xlsx',                           { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 200, supervisor: 200, dispatcher: 200 } }],
  ['POST /api/v1/tickets',                                      { admin: 403, supervisor: 403, dispatcher: 201, grid_worker: 201, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { dispatcher: 400, grid_worker: 400 } }],
  ['GET /api/v1/tickets',                                       { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 401 }, { outOfScope: 200 }],
  ['GET /api/v1/tickets/possible-duplicates',                   { admin: 403, supervisor: 403, dispatcher: 200, grid_worker: 200, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { dispatcher: 404, grid_worker: 404 } }],
  ['GET /api/v1/tickets/:id',                                   { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 404, anon: 401 }, { outOfScope: 404 }],
  ['GET /api/v1/tickets/:id/integrity',                         { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 404, anon: 401 }, { outOfScope: 404 }],
  // the flow's roles are checked after scope (ticket-flow.ts), so out of scope is 404 for every role
  // 批量 (POST /tickets/batch/<action>): the request is 200 for every role; each ticket's own answer (403, 404, …) is
  // in its result, as the single action answers it (tickets-batch e2e)
  ...BATCH_SEGMENTS.map((segment) => [`POST /api/v1/tickets/batch/${segment}`, { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 401 }] as const),
  ['POST /api/v1/tickets/:id/accept',                           { admin: 403, supervisor: 403, dispatcher: 200, grid_worker: 200, party_member: 403, department_staff: 404, anon: 401 }, { outOfScope: 404 }],
  ['POST /api/v1/tickets/:id/dispatch',                         { admin: 403, supervisor: 403, dispatcher: 200, grid_worker: 403, party_member: 403, department_staff: 404, anon: 401 }, { outOfScope: 404 }],
  ['POST /api/v1/tickets/:id/claim',                            { admin: 403, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 200, department_staff: 404, anon: 401 }, { outOfScope: 404 }],
  ['POST /api/v1/tickets/:id/decline',                          { admin: 403, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 200, department_staff: 404, anon: 401 }, { outOfScope: 404 }],
  ['POST /api/v1/tickets/:id/resolve',                          { admin: 403, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 200, department_staff: 404, anon: 401 }, { outOfScope: 404 }],
  ['POST /api/v1/tickets/:id/verify',                           { admin: 403, supervisor: 200, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 404, anon: 401 }, { outOfScope: 404 }],
  ['POST /api/v1/tickets/:id/archive',                          { admin: 403, supervisor: 200, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 404, anon: 401 }, { outOfScope: 404 }],
  ['POST /api/v1/tickets/:id/reject',                           { admin: 403, supervisor: 403, dispatcher: 200, grid_worker: 200, party_member: 403, department_staff: 404, anon: 401 }, { outOfScope: 404 }],
  ['POST /api/v1/tickets/:id/escalate',                         { admin: 403, supervisor: 403, dispatcher: 200, grid_worker: 200, party_member: 403, department_staff: 404, anon: 401 }, { outOfScope: 404 }],
  ['POST /api/v1/tickets/:id/locate',                           { admin: 200, supervisor: 403, dispatcher: 200, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404, dispatcher: 404 } }],
  ['POST /api/v1/tickets/:id/comments',                         { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 404, anon: 401 }, { outOfScope: 404 }],
  // 延期 / 挂账: asked by the assignee (a dispatched ticket here), decided by a supervisor; resumed by a
  // supervisor, the assignee or the requester (here the same person)
  ['GET /api/v1/tickets/:id/time-requests',                     { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 404, anon: 401 }, { outOfScope: 404 }],
  ['POST /api/v1/tickets/:id/extension-requests',               { admin: 403, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 201, department_staff: 404, anon: 401 }, { outOfScope: 404 }],
  ['POST /api/v1/tickets/:id/suspension-requests',              { admin: 403, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 201, department_staff: 404, anon: 401 }, { outOfScope: 404 }],
  ['POST /api/v1/tickets/:id/time-requests/:requestId/approve', { admin: 403, supervisor: 200, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 404, anon: 401 }, { outOfScope: 404 }],
  ['POST /api/v1/tickets/:id/time-requests/:requestId/refuse',  { admin: 403, supervisor: 200, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 404, anon: 401 }, { outOfScope: 404 }],
  ['POST /api/v1/tickets/:id/time-requests/:requestId/resume',  { admin: 403, supervisor: 200, dispatcher: 403, grid_worker: 403, party_member: 200, department_staff: 404, anon: 401 }, { outOfScope: 404 }],
  ['GET /api/v1/tickets/:id/dispatch-suggestions',              { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404, supervisor: 404, dispatcher: 404 } }],
  ['POST /api/v1/attachments',                                  { admin: 201, supervisor: 201, dispatcher: 201, grid_worker: 201, party_member: 201, department_staff: 201, anon: 401 }],
  // readable by its uploader and by whoever can see a ticket it is attached to
  ['GET /api/v1/attachments/:id',                               { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 404, anon: 401 }, { outOfScope: 404 }],

  // ── supervision, dispatch settings, statistics ─────────────────────────────────────────────────────────────────────
  ['GET /api/v1/supervision/review-queue',                      { admin: 200, supervisor: 200, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }],
  ['GET /api/v1/supervision/requests',                          { admin: 200, supervisor: 200, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }],
  ['GET /api/v1/communities/:code/auto-dispatch',               { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404, supervisor: 404, dispatcher: 404 } }],
  ['PUT /api/v1/communities/:code/auto-dispatch',               { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404 } }],
  // the figures of assessment are for those who assess (admin, supervisor, dispatcher); `?scopeCode=` out of scope → 404
  ['GET /api/v1/stats/overview',                                { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404, supervisor: 404, dispatcher: 404 } }],
  ['GET /api/v1/stats/trend',                                   { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404, supervisor: 404, dispatcher: 404 } }],
  ['GET /api/v1/stats/breakdown',                               { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404, supervisor: 404, dispatcher: 404 } }],
  ['GET /api/v1/stats/breakdown.xlsx',                          { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404, supervisor: 404, dispatcher: 404 } }],
  ['GET /api/v1/stats/rankings',                                { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404, supervisor: 404, dispatcher: 404 } }],
  ['GET /api/v1/stats/burden',                                  { admin: 200, supervisor: 200, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404, supervisor: 404 } }],
  ['GET /api/v1/stats/burden/trend',                            { admin: 200, supervisor: 200, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404, supervisor: 404 } }],
  ['GET /api/v1/stats/burden/refused-pushes',                   { admin: 200, supervisor: 200, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404, supervisor: 404 } }],
  ['GET /api/v1/stats/weights',                                 { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }],
  ['PUT /api/v1/stats/weights',                                 { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }],
  // Governance topics (未诉先办): assessors read; supervisors and admins adopt and close; admins detect and set thresholds.
  // A list filtered out of scope is an empty page; a topic out of scope is 404.
  ['GET /api/v1/topics',                                        { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 200, supervisor: 200, dispatcher: 200 } }],
  ['POST /api/v1/topics/detect',                                { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404 } }],
  ['GET /api/v1/topic-thresholds',                             { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }],
  ['PUT /api/v1/topic-thresholds/:categoryCode',               { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }],
  ['GET /api/v1/topics/monthly-report',                         { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404, supervisor: 404, dispatcher: 404 } }],
  ['GET /api/v1/topics/:id',                                    { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404, supervisor: 404, dispatcher: 404 } }],
  ['POST /api/v1/topics/:id/adopt',                             { admin: 200, supervisor: 200, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404, supervisor: 404 } }],
  ['POST /api/v1/topics/:id/close',                             { admin: 200, supervisor: 200, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404, supervisor: 404 } }],
  ['GET /api/v1/command/open-tickets',                          { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404 } }],
  ['GET /api/v1/command/escalations',                           { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }],

  // ── notifications: one's own; "out of scope" is another user's notification ───────────────────────────────────────
  ['GET /api/v1/notifications',                                 { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 401 }],
  ['POST /api/v1/notifications/read-all',                       { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 401 }],
  ['POST /api/v1/notifications/:id/read',                       { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 401 }, { outOfScope: 404 }],
  // @Public() for the guard (EventSource sends no header), but it checks the token itself
  ['GET /api/v1/notifications/stream',                          { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 401 }],
  ['POST /api/v1/notifications/stream-ticket',                  { admin: 201, supervisor: 201, dispatcher: 201, grid_worker: 201, party_member: 201, department_staff: 201, anon: 401 }],

  // ── webhooks and imports ───────────────────────────────────────────────────────────────────────────────────────────
  ['POST /api/v1/webhooks',                                     { admin: 201, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 400 } }],
  ['GET /api/v1/webhooks',                                      { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }],
  ['GET /api/v1/webhooks/:id',                                  { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404 } }],
  ['PATCH /api/v1/webhooks/:id',                                { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404 } }],
  ['POST /api/v1/webhooks/:id/rotate-secret',                   { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404 } }],
  ['GET /api/v1/webhooks/:id/deliveries',                       { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404 } }],
  ['POST /api/v1/imports/hotline',                              { admin: 202, supervisor: 403, dispatcher: 202, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 400, dispatcher: 400 } }],
  ['GET /api/v1/imports',                                       { admin: 200, supervisor: 403, dispatcher: 200, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }],
  ['GET /api/v1/imports/:id',                                   { admin: 200, supervisor: 403, dispatcher: 200, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404, dispatcher: 404 } }],
  ['GET /api/v1/imports/:id/report.xlsx',                       { admin: 200, supervisor: 403, dispatcher: 200, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404, dispatcher: 404 } }],
  ['POST /api/v1/addresses/import',                             { admin: 202, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }],
  ['GET /api/v1/addresses/imports/:id',                         { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 404 } }],
  ['GET /api/v1/addresses',                                     { admin: 200, supervisor: 403, dispatcher: 200, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }, { outOfScope: { admin: 200, dispatcher: 200 } }],
  ['GET /api/v1/addresses/match',                               { admin: 200, supervisor: 403, dispatcher: 200, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }],
  ['GET /api/v1/sms',                                           { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }],

  // ── the residents' channel: public, a token changes nothing ────────────────────────────────────────────────────────
  ['GET /api/v1/public/grids/:code',                            { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 200 }],
  ['GET /api/v1/public/catalog',                                { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 200 }],
  ['POST /api/v1/public/tickets',                               { admin: 201, supervisor: 201, dispatcher: 201, grid_worker: 201, party_member: 201, department_staff: 201, anon: 201 }],
  ['GET /api/v1/public/tickets/:trackingCode',                  { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 200 }],
  ['POST /api/v1/public/tickets/:trackingCode/rating',          { admin: 201, supervisor: 201, dispatcher: 201, grid_worker: 201, party_member: 201, department_staff: 201, anon: 201 }],
  ['POST /api/v1/public/attachments',                           { admin: 201, supervisor: 201, dispatcher: 201, grid_worker: 201, party_member: 201, department_staff: 201, anon: 201 }],
  ['GET /api/v1/public/console-config',                         { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 200 }],

  // ── Open311 GeoReport v2: public; filing is authorised by the api_key in the body, not by a bearer token ──────────
  ['GET /open311/v2/discovery.:format',                         { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 200 }],
  ['GET /open311/v2/services.:format',                          { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 200 }],
  ['GET /open311/v2/services/:service_code.:format',            { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 200 }],
  ['GET /open311/v2/requests.:format',                          { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 200 }],
  ['POST /open311/v2/requests.:format',                         { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 200 }],
  ['GET /open311/v2/requests/:service_request_id.:format',      { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 200 }],
  ['GET /open311/v2/tokens/:token.:format',                     { admin: 200, supervisor: 200, dispatcher: 200, grid_worker: 200, party_member: 200, department_staff: 200, anon: 200 }],
  // the keys serve the whole deployment: any admin manages all of them
  ['POST /api/v1/open311/keys',                                 { admin: 201, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }],
  ['GET /api/v1/open311/keys',                                  { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }],
  ['POST /api/v1/open311/keys/:id/revoke',                      { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }],
  ['DELETE /api/v1/open311/keys/:id',                           { admin: 200, supervisor: 403, dispatcher: 403, grid_worker: 403, party_member: 403, department_staff: 403, anon: 401 }],
];

/** The answer a role should give out of scope, or null where the row has no out-of-scope case. */
export function outOfScopeAnswer(row: MatrixRow, role: MatrixRole): number | null {
  const scoped = row[2];
  if (!scoped) return null;
  if (typeof scoped.outOfScope === 'number') return scoped.outOfScope;
  return scoped.outOfScope[role] ?? row[1][role];
}
