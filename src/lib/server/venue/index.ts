// The venue, one concern a module: the organiser's preparation (finalists, rooms, layout,
// minutes) and the day itself (enrolment, heartbeat, packages, actions, grid, upload).
// All room state is in the database, so any server process answers any request.
export { serverElapsed, venueState } from './shared';
export { prepareRoom, newEnrolCode } from './prepare';
export { pinUnlockCode, proctorModeCode } from './pins';
export { enrolBody, enrolDevice } from './enrol';
export { heartbeatBody, heartbeat, deviceMayPost } from './heartbeat';
export type { HeartbeatBody, DeviceView } from './heartbeat';
export { roomPackage, releaseKeys, continuation } from './package';
export type { RoomPackage } from './package';
export { actionBody, roomAction } from './actions';
export type { RoomAction, ActionResult } from './actions';
export { roomGrid } from './grid';
export { sharedGrid } from './grid-shared';
export { exportedLog, MAX_LOG_BODY_BYTES, uploadLog } from './upload';
export { promoteFinalists, addFinalist, removeFinalist, assignSeats } from './finalists';
export { assignProctor, unassignProctor, venueOverview, roomsFor, mayActOnRoom } from './rooms';
export { roomMinutesXlsx, finaliseRoom } from './minutes';
