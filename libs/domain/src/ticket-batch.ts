/** At most this many tickets in one batch request (`POST /tickets/batch/<action>`). */
export const BATCH_MAX_TICKETS = 100;
