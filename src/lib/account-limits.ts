// How long a registration's free-text fields may be: the server refuses longer ones field by
// field (server/accounts.ts), and the form's inputs stop typing at the same length.
export const NAME_MAX = 120;
export const ADDRESS_MAX = 300;
