// How many connections the server holds open, and how many of them one client address may hold.
// Each open connection takes a file descriptor; past the process's limit every new connection,
// a tablet's or the proctor's, is reset at once, and the database may fail to open a file. A
// review held 20,200 sockets from one address with nothing capping them: the server answered
// nobody. So one address (its key as every per-address limit counts it: IPv6 by its /64) holds
// at most `perAddress`, and the server at most `max`, below the descriptors the process may open.
import fs from 'node:fs';
import { addressKey } from './address-key.js';

/**
 * The process's limit on open files (Linux), or null where it cannot be read.
 * @returns {number | null}
 */
export function openFilesLimit() {
	try {
		const m = /^Max open files\s+(\d+)/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
		return m ? Number(m[1]) : null;
	} catch {
		return null;
	}
}

/**
 * Connections the server may hold: the open-files limit less what the database, logs and the
 * push channel need (an eighth of it, at most 512); 0 (no cap of ours) where it cannot be read.
 * @param {number | null} limit
 */
export function connectionsWithin(limit) {
	return limit === null ? 0 : limit - Math.min(512, Math.floor(limit / 8));
}

/**
 * Caps `server` at `max` connections (0: no cap; Node closes one past it as it arrives) and each
 * client address at `perAddress` (0: none), closing the one past it as it arrives.
 * @param {import('node:http').Server} server
 * @param {{ perAddress: number, max: number }} caps
 */
export function limitConnections(server, { perAddress, max }) {
	if (max > 0) server.maxConnections = max;
	if (perAddress <= 0) return;
	/** @type {Map<string, number>} */
	const open = new Map();
	server.on('connection', (socket) => {
		const key = addressKey(socket.remoteAddress ?? '') ?? '';
		const held = (open.get(key) ?? 0) + 1;
		if (held > perAddress) {
			socket.destroy();
			return;
		}
		open.set(key, held);
		socket.once('close', () => {
			const left = (open.get(key) ?? 1) - 1;
			if (left > 0) open.set(key, left);
			else open.delete(key);
		});
	});
}
