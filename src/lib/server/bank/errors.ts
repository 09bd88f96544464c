// Kept only for rounds.ts (checkOpenRounds, updateContest), which still throws
// `new BankError(code, params)`: a Refusal built the old way. Bank code throws `refuse(…)`
// (../failure.ts) and returns the Failure; once rounds.ts does too, this file goes.
import { failure, Refusal, type Params } from '../failure';

export class BankError extends Refusal {
	constructor(code: string, params?: Params) {
		super(failure(code, params));
	}
}
