// Creates an organiser account from the command line, for a production instance started
// with SEED_DEMO=false. Usage:
//   npm run admin:create -- --name "Nguyễn Văn A" --phone 0912345678 --password "MatKhau123"
// A new password for an account that exists: npm run admin:password (set-staff-password.ts).
import { parseArgs } from 'node:util';
import { readConfig } from '../src/lib/server/config';
import { openDb } from '../src/lib/server/db';
import { createStaff } from '../src/lib/server/accounts';
import { messages } from '../src/lib/i18n';

const { values } = parseArgs({
	options: {
		name: { type: 'string' },
		phone: { type: 'string' },
		password: { type: 'string' },
		role: { type: 'string', default: 'organiser' }
	}
});
if (!values.name || !values.phone || !values.password) {
	console.error(
		'Cách dùng / usage: npm run admin:create -- --name "Họ tên" --phone 09xxxxxxxx --password "MatKhau123" [--role organiser|proctor]'
	);
	process.exit(2);
}
const role = values.role === 'proctor' ? 'proctor' : 'organiser';
const config = readConfig();
const handle = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
	const id = await createStaff(
		handle.db,
		{ role, fullName: values.name, phone: values.phone, password: values.password },
		null
	);
	console.log(`Đã tạo tài khoản ${role} ${values.phone} (${id}).`);
} catch (e) {
	console.error(`Không tạo được tài khoản: ${(e as Error).message}`);
	if ((e as Error).message === messages('vi').errors.duplicatePhone)
		console.error(
			`Để đặt mật khẩu mới cho tài khoản đã có: npm run admin:password -- --phone ${values.phone} --password "MatKhauMoi123"`
		);
	process.exitCode = 1;
} finally {
	await handle.close();
}
