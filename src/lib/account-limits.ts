// A registration's limits. How long its free-text fields may be: the server refuses longer ones field by
// field (server/accounts.ts), and the form's inputs stop typing at the same length.
export const NAME_MAX = 120;
export const ADDRESS_MAX = 300;

/** Registrations refused for an id or phone taken or excluded, per address and hour, unless configured. */
export const REGISTRATION_REFUSALS_PER_HOUR = 30;
