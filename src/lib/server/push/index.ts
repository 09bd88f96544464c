// The process's push bus: in memory on SQLite (one process), LISTEN/NOTIFY on PostgreSQL
// (several processes on one database must all hear a change).
import type { PushBus } from './bus';
import { MemoryPushBus } from './memory-bus';
import { PgPushBus } from './pg-bus';

export type { PushBus, PushListener, PushMessage } from './bus';
export { sseResponse, sseFrame } from './sse';
export { MemoryPushBus } from './memory-bus';
export { PgPushBus, PUSH_CHANNEL } from './pg-bus';

export function openPushBus(databaseUrl: string | undefined): PushBus {
	return databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl)
		? new PgPushBus({ connectionString: databaseUrl })
		: new MemoryPushBus();
}
