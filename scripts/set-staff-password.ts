// Sets a new password for an existing organiser or proctor account, found by its phone, from the
// command line: an organiser who forgot theirs cannot be helped from the web. Ends the account's
// sessions and unused reset codes, and writes `password.setOnServer` to the audit log. Usage:
//   npm run admin:password -- --phone 0912345678 --password "MatKhauMoi123"
import { parseArgs } from 'node:util';
import { readConfig } from '../src/lib/server/config';
import { openDb } from '../src/lib/server/db';
import { setStaffPassword } from '../src/lib/server/account-admin';

const { values } = parseArgs({
	options: {
		phone: { type: 'string' },
		password: { type: 'string' }
	}
});
if (!values.phone || !values.password) {
	console.error('Cách dùng / usage: npm run admin:password -- --phone 09xxxxxxxx --password "MatKhauMoi123"');
	process.exit(2);
}
const config = readConfig();
const handle = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
	const user = await setStaffPassword(handle.db, { phone: values.phone, password: values.password });
	console.log(
		`Đã đặt mật khẩu mới cho tài khoản ${user.role} ${values.phone} (${user.fullName}); tài khoản đã được đăng xuất trên mọi thiết bị.`
	);
} catch (e) {
	console.error(`Không đặt được mật khẩu: ${(e as Error).message}`);
	process.exitCode = 1;
} finally {
	await handle.close();
}
