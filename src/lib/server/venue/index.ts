// The venue at run time, one concern a module; `$lib/server/venue` imports keep working.
// All room state is in the database, so any server process answers any request.
export { serverElapsed, venueState } from './shared';
export type { VenueFailure } from './shared';
export { prepareRoom, newEnrolCode } from './prepare';
export { unlockCode } from './pins';
export { enrolBody, enrolDevice } from './enrol';
export { heartbeatBody, heartbeat, deviceMayPost } from './heartbeat';
export type { HeartbeatBody, DeviceView } from './heartbeat';
export { roomPackage, releaseKeys, continuation } from './package';
export type { RoomPackage } from './package';
export { actionBody, roomAction } from './actions';
export type { RoomAction, ActionResult } from './actions';
export { roomGrid } from './grid';
export { exportedLog, uploadLog } from './upload';
